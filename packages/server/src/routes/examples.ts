// The example scenarios a new user starts from (the repository's examples/), for the web app's
// "new from example".
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { z } from 'zod';
import { route } from '../route.js';

const DIR = fileURLToPath(new URL('../../../../examples/', import.meta.url));

function examples(): { file: string; name: string; yaml: string }[] {
  let files: string[] = [];
  try {
    files = readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const yaml = readFileSync(join(DIR, file), 'utf8');
    const name =
      /^name:\s*(.+)$/m
        .exec(yaml)?.[1]
        ?.replace(/^["']|["']$/g, '')
        .trim() ?? file;
    return { file, name, yaml };
  });
}

export const exampleRoutes = [
  route({
    method: 'get',
    path: '/api/v1/examples',
    access: 'viewer',
    tag: 'examples',
    summary: 'The example scenarios shipped with aidc',
    response: {
      status: 200,
      schema: z.object({
        examples: z.array(z.object({ file: z.string(), name: z.string(), yaml: z.string() })),
      }),
    },
    handler: () => Promise.resolve({ status: 200, body: { examples: examples() } }),
  }),
];
