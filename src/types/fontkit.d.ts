// fontkit ships no types; layout uses it through its own narrow interface (src/layout/fonts.ts).
declare module 'fontkit' {
  export function create(buffer: Buffer): unknown;
}
