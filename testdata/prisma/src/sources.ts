import { PrismaClient } from "@prisma/client"

const prisma = new PrismaClient()

// The client follows the model names, which the rewrite keeps.
export async function recentSources() {
  return prisma.sources_google.findMany({
    orderBy: { created_at: "desc" },
    include: { expert_documents: true },
    take: 20,
  })
}

export async function countSources(): Promise<number> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sources_google`
  return Number(rows[0].n)
}
