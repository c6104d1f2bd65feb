import { defineErrors, registerNotFoundSubject } from '../../platform/errors.ts';

const TYPES_ZH = '图片（JPG、PNG、GIF、WebP）、PDF、TXT、CSV、Office 文档、ZIP 压缩包和录音（MP3、M4A、WAV、OGG）';
const TYPES_EN = 'images (JPG, PNG, GIF, WebP), PDF, TXT, CSV, Office documents, ZIP archives and recordings (MP3, M4A, WAV, OGG)';

export const attachmentsErrors = defineErrors({
  attachment_too_large: { status: 413, message: { 'zh-CN': '文件太大：{what}最大 {limit}', en: 'The file is too large: {what} may be at most {limit}' } },
  attachment_type_refused: { status: 415, message: { 'zh-CN': `不支持该文件类型，可发送${TYPES_ZH}`, en: `This type of file cannot be sent; send ${TYPES_EN}` } },
  attachment_type_mismatch: { status: 415, message: { 'zh-CN': '文件内容与声明的类型（{type}）不符，可能已损坏或被改了扩展名', en: 'The file’s content does not match its declared type ({type}); it may be damaged or renamed' } },
  attachment_empty: { status: 400, message: { 'zh-CN': '文件是空的', en: 'The file is empty' } },
  attachments_invalid: { status: 400, message: { 'zh-CN': '附件无效：请在本会话中重新上传后再发送', en: 'Invalid attachments: upload them to this conversation again, then send' } },
  message_empty: { status: 400, message: { 'zh-CN': '请输入消息内容或添加附件', en: 'Write a message or add an attachment' } },
  recording_not_audio: { status: 400, message: { 'zh-CN': '通话录音须为音频文件（MP3、M4A、WAV、OGG）', en: 'A call recording must be an audio file (MP3, M4A, WAV, OGG)' } },
  phone_invalid: { status: 400, message: { 'zh-CN': '请填写正确的电话号码', en: 'Enter a valid phone number' } },
  range_not_satisfiable: { status: 416, message: { 'zh-CN': '请求的字节范围超出文件大小', en: 'The requested byte range is outside the file' } },
});

registerNotFoundSubject('attachment', { 'zh-CN': '该附件', en: 'The attachment' });
// The {what} of attachment_too_large.
registerNotFoundSubject('file_image', { 'zh-CN': '图片', en: 'images' });
registerNotFoundSubject('file_document', { 'zh-CN': '文件', en: 'files' });
registerNotFoundSubject('file_audio', { 'zh-CN': '录音', en: 'recordings' });
registerNotFoundSubject('file_any', { 'zh-CN': '文件', en: 'files' });
