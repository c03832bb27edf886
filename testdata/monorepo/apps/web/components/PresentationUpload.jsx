import { useState } from 'react'
import { supabase } from '../lib/supabase'

const BUCKET = 'presentations'

export default function PresentationUpload({ expertId, onUploaded }) {
  const [busy, setBusy] = useState(false)

  async function handleFile(event) {
    const file = event.target.files[0]
    if (!file) return
    setBusy(true)
    const path = `${expertId}/${Date.now()}-${file.name}`
    const { error: uploadError } = await supabase.storage.from('presentations').upload(path, file)
    if (uploadError) {
      setBusy(false)
      return alert(uploadError.message)
    }
    const { data: publicUrl } = supabase.storage.from(BUCKET).getPublicUrl(path)
    const { data, error } = await supabase
      .from('presentations')
      .insert({ expert_id: expertId, title: file.name, storage_path: path })
      .select('id, title, presentation_assets(id, asset_type_id)')
      .single()
    setBusy(false)
    if (!error) onUploaded({ ...data, url: publicUrl.publicUrl })
  }

  return (
    <label className="btn">
      {busy ? 'Uploading…' : 'Upload to presentations'}
      <input type="file" accept="application/pdf,video/mp4" hidden onChange={handleFile} />
    </label>
  )
}

// Slides uploaded before 2023 still live in the old bucket.
export async function listArchivedSlides(expertId) {
  const { data } = await supabase.storage.from('experts-archive').list(expertId)
  return data ?? []
}
