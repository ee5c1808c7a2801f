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

const PASSAGES_ENGLISH =
  'Passages from the articles that bear on your question (a written answer needs an LLM: offline mode).';

const PASSAGES: Record<string, string> = {
  en: PASSAGES_ENGLISH,
  ar: 'مقاطع من المقالات تتعلق بسؤالك (الإجابة المكتوبة تحتاج إلى نموذج لغوي: الوضع دون اتصال).',
  fr: 'Passages des articles en rapport avec votre question (une réponse rédigée nécessite un LLM : mode hors ligne).',
  es: 'Pasajes de los artículos relacionados con su pregunta (una respuesta redactada necesita un LLM: modo sin conexión).',
  fa: 'بخش‌هایی از مقاله‌ها که به پرسش شما مربوط است (پاسخ نوشته‌شده به یک مدل زبانی نیاز دارد: حالت آفلاین).',
};

/** The note above the passages of an answer written without an LLM: in `language`, else in English. */
export function offlinePassagesSentence(language: string): string {
  return PASSAGES[language] ?? PASSAGES_ENGLISH;
}
