/** Words an edition prints or announces itself, by language. */
export interface Labels {
  contents: string;
  cover: string;
  notes: string;
  start: string;
  frontMatter: string;
  backMatter: string;
  pages: string;
}

const LABELS: Record<string, Labels> = {
  en: { contents: 'Contents', cover: 'Cover', notes: 'Notes', start: 'Start of Content', frontMatter: 'Front Matter', backMatter: 'Back Matter', pages: 'Pages' },
  de: { contents: 'Inhalt', cover: 'Umschlag', notes: 'Anmerkungen', start: 'Textbeginn', frontMatter: 'Vorspann', backMatter: 'Anhang', pages: 'Seiten' },
  fr: { contents: 'Table des matières', cover: 'Couverture', notes: 'Notes', start: 'Début du texte', frontMatter: 'Pages liminaires', backMatter: 'Annexes', pages: 'Pages' },
  es: { contents: 'Índice', cover: 'Cubierta', notes: 'Notas', start: 'Inicio del texto', frontMatter: 'Preliminares', backMatter: 'Apéndices', pages: 'Páginas' },
  it: { contents: 'Indice', cover: 'Copertina', notes: 'Note', start: 'Inizio del testo', frontMatter: 'Pagine iniziali', backMatter: 'Appendici', pages: 'Pagine' },
  pt: { contents: 'Sumário', cover: 'Capa', notes: 'Notas', start: 'Início do texto', frontMatter: 'Pré-textuais', backMatter: 'Pós-textuais', pages: 'Páginas' },
  nl: { contents: 'Inhoud', cover: 'Omslag', notes: 'Noten', start: 'Begin van de tekst', frontMatter: 'Voorwerk', backMatter: 'Nawerk', pages: 'Pagina\'s' },
  ru: { contents: 'Содержание', cover: 'Обложка', notes: 'Примечания', start: 'Начало текста', frontMatter: 'Вводная часть', backMatter: 'Приложения', pages: 'Страницы' },
  ja: { contents: '目次', cover: '表紙', notes: '注', start: '本文', frontMatter: '前付', backMatter: '後付', pages: 'ページ' },
  ar: { contents: 'المحتويات', cover: 'الغلاف', notes: 'الحواشي', start: 'بداية المحتوى', frontMatter: 'المقدمات', backMatter: 'الملاحق', pages: 'الصفحات' },
  he: { contents: 'תוכן העניינים', cover: 'כריכה', notes: 'הערות', start: 'תחילת התוכן', frontMatter: 'עמודי פתיחה', backMatter: 'נספחים', pages: 'עמודים' },
  ko: { contents: '목차', cover: '표지', notes: '주', start: '본문 시작', frontMatter: '앞부분', backMatter: '뒷부분', pages: '페이지' },
  zh: { contents: '目录', cover: '封面', notes: '注释', start: '正文', frontMatter: '前言部分', backMatter: '附录部分', pages: '页码' },
};

/** The labels for a language tag, English when Colophon has none for it. */
export function labelsFor(lang: string): Labels {
  return LABELS[lang.split('-')[0]!.toLowerCase()] ?? LABELS.en!;
}
