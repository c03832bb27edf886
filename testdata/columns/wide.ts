// Wide characters, an emoji and tabs before the name: carets and columns must agree.
export async function names() {
	const 名前 = '🎉';	const { data } = await supabase.from('experts').select('*')
	return data
}
