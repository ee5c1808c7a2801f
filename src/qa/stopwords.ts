import { normaliseArabicScript } from '../text/normalise-arabic-script.js';

/**
 * Function words per language, in the folded form the analyser compares them in (lower case, Latin
 * accents removed, Arabic script normalised). Question words are included: "how many" carries no topic.
 */
export const stopwords: Readonly<Record<string, ReadonlySet<string>>> = {
  en: words(`a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its itself just may me might more most much must my no nor
    not now of off on once only or other our ours out over own said same says she should so some such than that
    the their theirs them then there these they this those through to too under until up upon very was we were
    what when where which while who whom whose why will with would you your many s t d ll re ve m tell please
    know about any anything there were whether th st nd rd say saying`),
  fr: words(`a au aux avec ce ces cet cette comme comment combien dans de des du elle elles en est et eu ete etre
    il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ont ou par pas pour qu
    que quel quelle quelles quels qui quoi quand sa se ses son sont sur ta te tes toi ton tu un une vos votre
    vous y l d j n s c m est-ce ceux celle celles celui dont donc ni si sans sous aussi plus tres tout tous toute
    toutes ete avait avaient sera seront fait`),
  es: words(`a al algo algunos ante antes como con contra cual cuales cuando cuanto cuantos cuanta cuantas de del
    desde donde dos el ella ellas ellos en entre era eran es esa esas ese eso esos esta estas este esto estos fue
    fueron ha han hay la las le les lo los mas me mi mis muy ni no nos o os otra otro para pero por porque que
    quien quienes se sea ser si sin sobre su sus tambien te tiene tienen todo todos tu un una unos unas y ya`),
  ar: words(`في من الى الي على علي عن مع ان او ثم حتى اذا اذ كما قد لقد لم لن لا ما ماذا متى اين كيف كم هل هذا
    هذه ذلك تلك هو هي هم هن انا نحن انت انتم التي الذي الذين اللذين اللتين اللواتي كان كانت كانوا يكون تكون بين
    بعد قبل عند منذ حول خلال ضد عبر الا بعض كل غير اي ايضا اما لماذا وهو وهي وفي ومن وعلى وقد ولا وما ومع وان
    فان بان لان انه انها عليه عليها منه منها فيه فيها به بها له لها لهم منهم عنه عنها هناك هنا حيث التي وكان
    اخبرني اخبرنا قل ماهي ماهو تم يتم تمت وتم ليس لدي لدى قال قالت يقول`),
  fa: words(`در به از که این ان با را و برای تا یا هم است بود شد شده شود می نیز اما اگر هر چه چند چرا کجا کی
    چطور چگونه ایا او انها ما شما من ان ها های هایی خود دیگر کرد کرده کند کنند بر پس یک باید نه`),
};

function words(list: string): Set<string> {
  return new Set(normaliseArabicScript(list).split(/\s+/).filter(Boolean));
}
