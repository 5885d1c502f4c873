/**
 * BibLaTeX's localisation keys for thesis and report types (`type = {phdthesis}`, and the
 * types @phdthesis, @mastersthesis, @techreport imply) → the genre printed in the entry, in
 * the entry's language. One table, so a language is added in one place. A `type` that is
 * not a key (`type = {Habilitationsschrift}`) is printed as written.
 *
 * The Russian forms follow GOST 7.1-2003's abbreviations ("дис. … канд. наук": a PhD is
 * the candidate degree's counterpart); the Kazakh ones are proposals (kazakh.md lists no
 * thesis terms).
 */
export const GENRE_TERMS: Record<string, Record<string, string>> = {
  phdthesis: { en: 'PhD thesis', ru: 'дис. … канд. наук', kk: 'диссертация', de: 'Diss.', fr: 'thèse de doctorat' },
  candthesis: { en: 'Candidate thesis', ru: 'дис. … канд. наук', kk: 'кандидаттық диссертация', de: 'Kandidatenarbeit' },
  docthesis: { en: 'Doctoral thesis', ru: 'дис. … д-ра наук', kk: 'докторлық диссертация', de: 'Diss.' },
  mastersthesis: { en: 'Master’s thesis', ru: 'магистерская диссертация', kk: 'магистрлік диссертация', de: 'Masterarbeit', fr: 'mémoire de master' },
  mathesis: { en: 'Master’s thesis', ru: 'магистерская диссертация', kk: 'магистрлік диссертация', de: 'Masterarbeit', fr: 'mémoire de master' },
  bathesis: { en: 'Bachelor’s thesis', ru: 'выпускная квалификационная работа бакалавра', kk: 'бакалаврлық жұмыс', de: 'Bachelorarbeit' },
  thesis: { en: 'Thesis', ru: 'диссертация', kk: 'диссертация', de: 'Abschlussarbeit' },
  techreport: { en: 'Technical report', ru: 'технический отчёт', kk: 'техникалық есеп', de: 'Technischer Bericht', fr: 'rapport technique' },
  resreport: { en: 'Research report', ru: 'отчёт о НИР', kk: 'ғылыми-зерттеу жұмысы туралы есеп', de: 'Forschungsbericht' },
  software: { en: 'Computer software', ru: 'программа для ЭВМ', kk: 'компьютерлік бағдарлама', de: 'Computer-Software' },
  datacd: { en: 'CD-ROM', ru: 'CD-ROM', kk: 'CD-ROM', de: 'CD-ROM' },
  audiocd: { en: 'Audio CD', ru: 'аудио-CD', kk: 'аудио-CD', de: 'Audio-CD' },
  patent: { en: 'Patent', ru: 'патент', kk: 'патент', de: 'Patent' },
  patentus: { en: 'US patent', ru: 'патент США', kk: 'АҚШ патенті', de: 'US-Patent' },
  patentde: { en: 'German patent', ru: 'патент Германии', kk: 'Германия патенті', de: 'deutsches Patent' },
  patenteu: { en: 'European patent', ru: 'европейский патент', kk: 'еуропалық патент', de: 'europäisches Patent' },
  patentfr: { en: 'French patent', ru: 'патент Франции', kk: 'Франция патенті', de: 'französisches Patent' },
  patentuk: { en: 'British patent', ru: 'патент Великобритании', kk: 'Ұлыбритания патенті', de: 'britisches Patent' },
  patentkz: { en: 'Kazakhstan patent', ru: 'патент Республики Казахстан', kk: 'Қазақстан Республикасының патенті' },
  patentru: { en: 'Russian patent', ru: 'патент Российской Федерации', kk: 'Ресей Федерациясының патенті' },
  patreqde: { en: 'German patent request', ru: 'заявка на патент Германии', kk: 'Германия патентіне өтінім', de: 'deutsche Patentanmeldung' },
  patrequs: { en: 'US patent request', ru: 'заявка на патент США', kk: 'АҚШ патентіне өтінім', de: 'US-Patentanmeldung' },
  patreqeu: { en: 'European patent request', ru: 'заявка на европейский патент', kk: 'еуропалық патентке өтінім', de: 'europäische Patentanmeldung' },
  patreqfr: { en: 'French patent request', ru: 'заявка на патент Франции', kk: 'Франция патентіне өтінім' },
  patrequk: { en: 'British patent request', ru: 'заявка на патент Великобритании', kk: 'Ұлыбритания патентіне өтінім' },
  manual: { en: 'Manual', ru: 'руководство', kk: 'нұсқаулық', de: 'Handbuch' },
};

/** The genre for a BibLaTeX type key in `lang` (English when the table has no such language). */
export function genreTerm(key: string, lang: string | undefined): string | undefined {
  const row = GENRE_TERMS[key.trim().toLowerCase()];
  if (!row) return undefined;
  const primary = (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
  return row[primary] ?? row.en;
}
