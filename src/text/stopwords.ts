type Lang = 'en' | 'fr' | 'es' | 'ar' | 'fa';

/**
 * Function words per language, one list each (raw spelling; callers fold them the way they fold their text).
 * Shared by passage retrieval (src/qa), extractive summaries (src/summarise) and question-language detection.
 */
export const stopwordLists: Readonly<Record<Lang, readonly string[]>> = {
  en: words(`a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how however i if in into is it its itself just me might more most much must my
    myself no nor not now of off on once only or other our ours ourselves out over own same said says say she should
    since so some still such than that the their theirs them themselves then there these they this those through to
    too under until up us very was we were what when where which while who whom why will with would you your yours
    yourself yourselves according may`),
  fr: words(`à ai ainsi alors après as au aussi aux avaient avait avant avec avez avons c ce ces cet cette comme d dans
    de depuis des donc dont du elle en entre es est et été étée étées étés étaient était étant êtes eu eux fut il ils j
    je l la le les leur lors lui m ma mais me même mes moi mon n ne nos notre nous on ont ou où par pas plus pour qu
    que qui s sa sans se selon sera serai seront ses son sont sous suis sur t ta te tes toi ton tous tout toutes très
    tu un une vos votre vous y sommes`),
  es: words(`a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella
    ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estado estas este esto estos fue
    fueron ha habia han hasta hay la las le les lo los mas me mi mientras muy nada ni no nos o os otra otras otro otros
    para pero poco por porque que quien se ser si sin sobre su sus también tanto te tiene tienen todo todos tu un una
    uno unos y ya según`),
  ar: words(`في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هو هي هم هن أن إن ان كان كانت
    كانوا يكون تكون لم لن لا ما ماذا متى أين اين كيف كل بعض غير بين حتى عند عندما قد لقد ثم أو او أي اي إذا اذا كما
    لكن بل منذ خلال حول بعد قبل أيضا ايضا وقد وفي ومن وعلى وإلى وان وأن وكان وهو وهي وهذا ولا وما فيه فيها منه منها
    عليه عليها إليه اليه به بها له لها لهم لهن هناك هنا حيث التى الي يا نحو ضمن دون تم وتم وفقا وفق قال وقال قالت
    وقالت`),
  fa: words(`و در به از که این آن با را برای تا است بود شد شده می هم نیز یا اما اگر هر چه چون کرد کرده کند کنند
    دارد داشت ها های خود وی او آنها ما شما من بر روی پس پیش بین ای نه هیچ همه دیگر باید شود شوند بوده باشد باشند
    گفت گفته طی کردند`),
};

/** Question and chat words ("how many", "tell me"): no topic in a question; a cue to the question's language. */
export const questionWordLists: Readonly<Record<Lang, readonly string[]>> = {
  en: words(`how many much what which who whom whose when where why whether tell please know anything there were d ll
    m re s t ve th st nd rd saying upon go goes going went gone get gets got`),
  fr: words(`a combien comment quel quelle quelles quels qui quoi quand où est-ce ceux celle celles celui dont donc ni
    si toute leurs elles être fait`),
  es: words(`cuanto cuantos cuanta cuantas cuánto cuántos cuánta cuántas cual cuales cuál cuáles dónde donde qué
    quién quienes quiénes cómo cuándo mis más sea tambien unas dos había`),
  ar: words(`كم ماذا متى اين أين كيف هل لماذا من ما ماهي ماهو اخبرني اخبرنا قل علي الا اذ اما انه انها فان بان لان
    ومع يتم تمت ليس لدي لدى يقول انا نحن انت انتم اللواتي منهم عنه عنها ضد عبر عدد`),
  fa: words('چند چرا کجا کی چطور چگونه آیا ایا چه یک ان انها هایی تعداد'),
};

/** Words that fill news sentences in every story (counts, time words, "people"): no weight in sentence scoring. */
export const newsFillerLists: Readonly<Record<Lang, readonly string[]>> = {
  en: words('one two new more many week weeks day days year years people might'),
  fr: words(''),
  es: words(''),
  ar: words(''),
  fa: words('کردهاست شدهاست میشود میکند'),
};

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
