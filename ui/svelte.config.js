// Svelte compiler options for vite-plugin-svelte and svelte-check. Svelte 5 reads the
// TypeScript in <script lang="ts"> itself, so no preprocessor is needed.
export default {
  compilerOptions: {
    runes: true,
  },
};
