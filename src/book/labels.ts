/** Words an edition prints or announces itself, by language. */
export interface Labels {
  contents: string;
  cover: string;
  notes: string;
  start: string;
  frontMatter: string;
  backMatter: string;
  pages: string;
  /** Titles of GitHub's alerts (`> [!NOTE]`). */
  alerts: Record<AlertKind, string>;
}

/** The kinds of GitHub's alerts (`> [!NOTE]`, …). */
export const ALERT_KINDS = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const LABELS: Record<string, Labels> = {
  en: { contents: 'Contents', cover: 'Cover', notes: 'Notes', start: 'Start of Content', frontMatter: 'Front Matter', backMatter: 'Back Matter', pages: 'Pages', alerts: { note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution' } },
  de: { contents: 'Inhalt', cover: 'Umschlag', notes: 'Anmerkungen', start: 'Textbeginn', frontMatter: 'Vorspann', backMatter: 'Anhang', pages: 'Seiten', alerts: { note: 'Hinweis', tip: 'Tipp', important: 'Wichtig', warning: 'Warnung', caution: 'Vorsicht' } },
  fr: { contents: 'Table des matières', cover: 'Couverture', notes: 'Notes', start: 'Début du texte', frontMatter: 'Pages liminaires', backMatter: 'Annexes', pages: 'Pages', alerts: { note: 'Remarque', tip: 'Astuce', important: 'Important', warning: 'Avertissement', caution: 'Attention' } },
  es: { contents: 'Índice', cover: 'Cubierta', notes: 'Notas', start: 'Inicio del texto', frontMatter: 'Preliminares', backMatter: 'Apéndices', pages: 'Páginas', alerts: { note: 'Nota', tip: 'Consejo', important: 'Importante', warning: 'Advertencia', caution: 'Precaución' } },
  it: { contents: 'Indice', cover: 'Copertina', notes: 'Note', start: 'Inizio del testo', frontMatter: 'Pagine iniziali', backMatter: 'Appendici', pages: 'Pagine', alerts: { note: 'Nota', tip: 'Suggerimento', important: 'Importante', warning: 'Avviso', caution: 'Attenzione' } },
  pt: { contents: 'Sumário', cover: 'Capa', notes: 'Notas', start: 'Início do texto', frontMatter: 'Pré-textuais', backMatter: 'Pós-textuais', pages: 'Páginas', alerts: { note: 'Nota', tip: 'Dica', important: 'Importante', warning: 'Aviso', caution: 'Cuidado' } },
  nl: { contents: 'Inhoud', cover: 'Omslag', notes: 'Noten', start: 'Begin van de tekst', frontMatter: 'Voorwerk', backMatter: 'Nawerk', pages: 'Pagina\'s', alerts: { note: 'Opmerking', tip: 'Tip', important: 'Belangrijk', warning: 'Waarschuwing', caution: 'Let op' } },
  ru: { contents: 'Содержание', cover: 'Обложка', notes: 'Примечания', start: 'Начало текста', frontMatter: 'Вводная часть', backMatter: 'Приложения', pages: 'Страницы', alerts: { note: 'Примечание', tip: 'Совет', important: 'Важно', warning: 'Предупреждение', caution: 'Осторожно' } },
  ja: { contents: '目次', cover: '表紙', notes: '注', start: '本文', frontMatter: '前付', backMatter: '後付', pages: 'ページ', alerts: { note: '注記', tip: 'ヒント', important: '重要', warning: '警告', caution: '注意' } },
  ar: { contents: 'المحتويات', cover: 'الغلاف', notes: 'الحواشي', start: 'بداية المحتوى', frontMatter: 'المقدمات', backMatter: 'الملاحق', pages: 'الصفحات', alerts: { note: 'ملاحظة', tip: 'نصيحة', important: 'مهم', warning: 'تحذير', caution: 'تنبيه' } },
  he: { contents: 'תוכן העניינים', cover: 'כריכה', notes: 'הערות', start: 'תחילת התוכן', frontMatter: 'עמודי פתיחה', backMatter: 'נספחים', pages: 'עמודים', alerts: { note: 'הערה', tip: 'טיפ', important: 'חשוב', warning: 'אזהרה', caution: 'זהירות' } },
  ko: { contents: '목차', cover: '표지', notes: '주', start: '본문 시작', frontMatter: '앞부분', backMatter: '뒷부분', pages: '페이지', alerts: { note: '참고', tip: '팁', important: '중요', warning: '경고', caution: '주의' } },
  zh: { contents: '目录', cover: '封面', notes: '注释', start: '正文', frontMatter: '前言部分', backMatter: '附录部分', pages: '页码', alerts: { note: '注', tip: '提示', important: '重要', warning: '警告', caution: '小心' } },
};

/** The labels for a language tag, English when Colophon has none for it. */
export function labelsFor(lang: string): Labels {
  return LABELS[lang.split('-')[0]!.toLowerCase()] ?? LABELS.en!;
}
