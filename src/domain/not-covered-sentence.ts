const ENGLISH = 'The articles of this digest do not seem to answer this question.';

// Written in the asker's language (SPEC 5.5: answers come in the question's language); Slack and Teams share it.
const SENTENCES: Record<string, string> = {
  en: ENGLISH,
  ar: 'لا يبدو أن مقالات هذا الملخص تجيب عن هذا السؤال.',
  fr: 'Les articles de ce résumé ne semblent pas répondre à cette question.',
  es: 'Los artículos de este resumen no parecen responder a esta pregunta.',
  fa: 'به نظر نمی‌رسد مقاله‌های این خلاصه به این پرسش پاسخ دهند.',
};

/** What an answer says when the digest's articles do not answer the question: in `language`, else in English. */
export function notCoveredSentence(language: string): string {
  return SENTENCES[language] ?? ENGLISH;
}
