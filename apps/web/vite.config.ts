import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vendor code goes into long-lived chunks, so a release that only touches our pages does not
// invalidate the browser's copy of React or Ant Design; every page is a lazy chunk of its own
// (see src/router.tsx), which keeps the login page itself at a few kilobytes. Splitting antd
// further does not pay: its core components (Button, Form, Card) import tooltip, tabs and picker
// code, so the login page would load every part anyway.
const VENDOR_GROUPS = [
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
  },
  {
    name: 'vendor-antd',
    test: /node_modules[\\/](antd|@ant-design|rc-[\w-]+|@rc-component|@emotion|stylis|dayjs)[\\/]/,
  },
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
  { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
  { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one ~1 MB (340 kB gzip) vendor chunk by design; see above.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
  preview: {
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
});
