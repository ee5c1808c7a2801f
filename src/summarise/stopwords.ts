import { normaliseArabic } from '../text/normalise-arabic.js';

const EN = `a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves said says say according also one two new more many much week weeks day days year
years people however still since may might must us`;

const FR = `au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes
moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous c d j l à m n s t y été étée étées étés étant suis es est sommes êtes sont serai sera
seront était étaient fut ai as avons avez ont avait avaient eu plus comme cette cet aussi selon après
avant depuis entre sans sous tout tous toutes très dont lors ainsi alors donc`;

const ES = `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el
ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estado estas
este esto estos fue fueron ha habia han hasta hay la las le les lo los mas me mi mientras muy nada ni no
nos o os otra otras otro otros para pero poco por porque que quien se ser si sin sobre su sus también
tanto te tiene tienen todo todos tu un una uno unos y ya según`;

const AR = `في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هو هي هم هن أن إن ان كان
كانت كانوا يكون تكون لم لن لا ما ماذا متى أين اين كيف كل بعض غير بين حتى عند عندما قد لقد ثم أو او أي
اي إذا اذا كما لكن بل منذ خلال حول بعد قبل أيضا ايضا وقد وفي ومن وعلى وإلى وان وأن وكان وهو وهي وهذا
ولا وما فيه فيها منه منها عليه عليها إليه اليه به بها له لها لهم لهن هناك هنا حيث التى الى الي يا نحو
ضمن دون تم وتم وفقا وفق قال وقال قالت وقالت`;

const FA = `و در به از که این آن با را برای تا است بود شد شده می هم نیز یا اما اگر هر چه چون کرد کرده کند
کنند دارد داشت ها های خود وی او آنها ما شما من بر روی پس پیش بین ای نه هیچ همه دیگر باید شود شوند
بوده باشد باشند گفت گفته طی کردند کردهاست شدهاست میشود میکند`;

/** Stopwords for en, fr, es, ar, fa in one set, Arabic-script words normalised like the scored text. */
export const stopwords: ReadonlySet<string> = new Set(
  [EN, FR, ES, AR, FA].flatMap((list) => list.split(/\s+/).filter(Boolean).map((w) => normaliseArabic(w.toLowerCase()))),
);
