/**
 * Sentences written for the benchmark corpus, in the style of migration news, for the languages the real-article
 * fixtures cover thinly (one French article) or not at all (Spanish). They only feed the ingest throughput
 * benchmark: no test asserts on their content.
 */
export const EXTRA_SENTENCES: Record<string, string[]> = {
  fr: [
    "Au moins douze personnes sont mortes dans le naufrage d'une embarcation au large des côtes libyennes, selon les garde-côtes.",
    "L'Organisation internationale pour les migrations a appelé les États européens à ouvrir des voies de migration sûres et régulières.",
    'Les survivants ont été conduits dans un centre de détention de Tripoli où les conditions sont jugées inhumaines par les ONG.',
    'Le navire humanitaire a secouru quarante-trois personnes dans la nuit avant de demander un port sûr aux autorités italiennes.',
    "Selon le Haut Commissariat des Nations unies pour les réfugiés, le nombre d'arrivées en Espagne a doublé depuis le début de l'année.",
    'Les associations dénoncent des refoulements illégaux à la frontière entre la Grèce et la Turquie.',
    "Des centaines de mineurs non accompagnés dorment encore dans la rue à Paris, faute de places d'hébergement.",
    'Le gouvernement a présenté un projet de loi qui réduit le délai de recours pour les demandeurs d’asile déboutés.',
    'Les familles attendent depuis plusieurs mois une réponse à leur demande de regroupement familial.',
    'Dans le camp de Moria, les tentes sont installées jusque dans les oliveraies voisines.',
    'Les sauveteurs ont retrouvé les corps de trois enfants sur une plage de Lampedusa.',
    "La Commission européenne propose de renforcer les moyens de l'agence Frontex aux frontières extérieures.",
    "Plusieurs maires ont demandé à l'État de financer l'accueil des personnes exilées dans leurs communes.",
    "L'ONG affirme que les personnes interceptées en mer sont systématiquement renvoyées vers la Libye.",
    'Le tribunal administratif a suspendu l’expulsion d’une famille afghane installée depuis quatre ans dans la ville.',
    'Les passeurs exigent désormais plusieurs milliers d’euros pour une traversée de la Manche.',
  ],
  es: [
    'Al menos doce personas murieron en el naufragio de una embarcación frente a las costas de Libia, según los guardacostas.',
    'La Organización Internacional para las Migraciones pidió a los Estados europeos vías de migración seguras y regulares.',
    'Los supervivientes fueron trasladados a un centro de detención en Trípoli donde las condiciones son muy duras.',
    'Salvamento Marítimo rescató a cuarenta y tres personas en una patera al sur de Gran Canaria durante la madrugada.',
    'Según el Alto Comisionado de las Naciones Unidas para los Refugiados, las llegadas a Canarias se han duplicado este año.',
    'Las organizaciones denuncian devoluciones en caliente en la valla de Melilla.',
    'Cientos de menores no acompañados esperan en centros de acogida saturados en Ceuta.',
    'El Gobierno presentó una reforma del reglamento de extranjería para facilitar la regularización de trabajadores.',
    'Las familias llevan meses esperando una respuesta a su solicitud de asilo.',
    'En la frontera sur de México, miles de migrantes centroamericanos aguardan un permiso para seguir su camino.',
    'Los rescatistas encontraron los cuerpos de tres niños en una playa de Almería.',
    'La Comisión Europea propone reforzar los medios de la agencia Frontex en las fronteras exteriores.',
    'Varios alcaldes pidieron al Estado más fondos para la acogida de personas migrantes en sus municipios.',
    'La ONG afirma que las personas interceptadas en el mar son devueltas sistemáticamente a Libia.',
    'Un tribunal suspendió la expulsión de una familia venezolana que vivía desde hace cuatro años en la ciudad.',
    'Los traficantes cobran ahora varios miles de euros por cruzar el Estrecho de Gibraltar.',
  ],
};
