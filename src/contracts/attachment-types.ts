/**
 * Files in conversations: which types may be sent and how big they may be. Plain data without zod,
 * so the widget can import it at no cost to its bundle.
 */
export const MB = 1024 * 1024;

/** Images and documents, from anyone; the widget's limit for everything. */
export const MAX_FILE_BYTES = 10 * MB;
/** Audio uploaded by the team: call recordings run long. */
export const MAX_RECORDING_BYTES = 50 * MB;

export type FileFamily = 'image' | 'document' | 'audio';

/** Content type → family and the file extensions it goes by. The server checks the bytes too. */
export const ATTACHMENT_TYPES: Record<string, { family: FileFamily; ext: readonly string[] }> = {
  'image/jpeg': { family: 'image', ext: ['jpg', 'jpeg'] },
  'image/png': { family: 'image', ext: ['png'] },
  'image/gif': { family: 'image', ext: ['gif'] },
  'image/webp': { family: 'image', ext: ['webp'] },
  'application/pdf': { family: 'document', ext: ['pdf'] },
  'text/plain': { family: 'document', ext: ['txt'] },
  'text/csv': { family: 'document', ext: ['csv'] },
  'application/msword': { family: 'document', ext: ['doc'] },
  'application/vnd.ms-excel': { family: 'document', ext: ['xls'] },
  'application/vnd.ms-powerpoint': { family: 'document', ext: ['ppt'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { family: 'document', ext: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { family: 'document', ext: ['xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { family: 'document', ext: ['pptx'] },
  'application/zip': { family: 'document', ext: ['zip'] },
  'audio/mpeg': { family: 'audio', ext: ['mp3'] },
  'audio/mp4': { family: 'audio', ext: ['m4a'] },
  'audio/wav': { family: 'audio', ext: ['wav'] },
  'audio/ogg': { family: 'audio', ext: ['ogg', 'oga'] },
};

/** For `<input type="file" accept>`: images and documents (what a shopper sends). */
export const ACCEPT_FILES = Object.entries(ATTACHMENT_TYPES)
  .filter(([, t]) => t.family !== 'audio')
  .flatMap(([, t]) => t.ext.map((e) => `.${e}`))
  .join(',');

/** For the recording picker of a logged call. */
export const ACCEPT_RECORDINGS = Object.entries(ATTACHMENT_TYPES)
  .filter(([, t]) => t.family === 'audio')
  .flatMap(([, t]) => t.ext.map((e) => `.${e}`))
  .join(',');
