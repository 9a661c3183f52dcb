/**
 * Message text rules shared by the composer and the session.
 *
 * The server limit is counted with Java's String.length(), i.e. UTF-16 code units,
 * which is exactly JavaScript's String.prototype.length. An emoji outside the BMP
 * therefore counts 2, a ZWJ family emoji counts more; we never cut text to fit,
 * we only report that it is too long.
 */
export const MAX_TEXT_LENGTH = 4000;

export function textLength(text) {
  return text.length;
}

export function isBlank(text) {
  return text.trim() === '';
}

/** @returns {{length:number, max:number, blank:boolean, tooLong:boolean, sendable:boolean}} */
export function checkDraft(text, max = MAX_TEXT_LENGTH) {
  const length = textLength(text);
  const blank = isBlank(text);
  const tooLong = length > max;
  return { length, max, blank, tooLong, sendable: !blank && !tooLong };
}
