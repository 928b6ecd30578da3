import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every schema file: schema.ts (foundation) and one schema-<area>.ts per module area.
  schema: './src/db/schema*.ts',
  out: './drizzle',
});
