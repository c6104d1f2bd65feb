/** A small built-in set of the emoji shoppers and agents use most; no package, no images. */
export const EMOJI = [
  '😀', '😁', '😂', '🤣', '😊', '😍', '😘', '🥰', '😎', '🤔', '😅', '😭',
  '😢', '😡', '😱', '😳', '🙄', '😴', '🤗', '😷', '👍', '👎', '👏', '🙏',
  '💪', '👌', '✌️', '🤝', '👀', '❤️', '💔', '🎉', '🎁', '🌹', '🔥', '⭐',
  '✨', '💯', '✅', '❌', '❓', '❗', '💄', '🛍️', '📦', '🚚', '💰', '🧴',
] as const;
