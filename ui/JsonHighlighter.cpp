#include "JsonHighlighter.h"

namespace {

/// A hue at a lightness that contrasts with the palette's base: dark text on light bases and vice versa.
QColor readableHue(int hue, bool darkBase)
{
    return QColor::fromHsl(hue, darkBase ? 150 : 200, darkBase ? 175 : 85);
}

QColor blend(const QColor& a, const QColor& b, qreal share)
{
    return QColor::fromRgbF(a.redF() * share + b.redF() * (1 - share), a.greenF() * share + b.greenF() * (1 - share),
        a.blueF() * share + b.blueF() * (1 - share));
}

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == QLatin1Char('-') || c == QLatin1Char('+') || c == QLatin1Char('.')
        || c == QLatin1Char('e') || c == QLatin1Char('E');
}

} // namespace

JsonHighlighter::JsonHighlighter(QTextDocument* document, const QPalette& palette)
    : QSyntaxHighlighter(document)
{
    setPalette(palette);
}

void JsonHighlighter::setPalette(const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const bool darkBase = base.lightness() < 128;
    m_key.setForeground(readableHue(210, darkBase));
    m_key.setFontWeight(QFont::Bold);
    m_string.setForeground(readableHue(120, darkBase));
    m_number.setForeground(readableHue(25, darkBase));
    m_literal.setForeground(readableHue(290, darkBase));
    m_punctuation.setForeground(blend(palette.color(QPalette::Text), base, 0.6));
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString& text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        qsizetype j = i + 1;
        if (c == QLatin1Char('"')) {
            while (j < n && text.at(j) != QLatin1Char('"')) {
                j += text.at(j) == QLatin1Char('\\') ? 2 : 1;
            }
            j = qMin(j + 1, n);
            qsizetype next = j;
            while (next < n && text.at(next).isSpace()) {
                ++next;
            }
            const bool isKey = next < n && text.at(next) == QLatin1Char(':');
            setFormat(static_cast<int>(i), static_cast<int>(j - i), isKey ? m_key : m_string);
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            while (j < n && isNumberChar(text.at(j))) {
                ++j;
            }
            setFormat(static_cast<int>(i), static_cast<int>(j - i), m_number);
        } else if (c.isLetter()) {
            while (j < n && text.at(j).isLetter()) {
                ++j;
            }
            const QStringView word = QStringView(text).mid(i, j - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") || word == QLatin1String("null")) {
                setFormat(static_cast<int>(i), static_cast<int>(j - i), m_literal);
            }
        } else if (QStringView(u"{}[],:").contains(c)) {
            setFormat(static_cast<int>(i), 1, m_punctuation);
        }
        i = j;
    }
}
