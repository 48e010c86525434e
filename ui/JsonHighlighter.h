#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/// Colours indented JSON in a plain-text document: keys, strings, numbers, literals, punctuation.
/// Only formats are applied; the document stays plain text, so payloads are never read as markup.
/// JSON strings can't hold raw line breaks, so every line is coloured on its own (no block state).
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit JsonHighlighter(QTextDocument* document, const QPalette& palette = QPalette());

    /// Picks colours that read on @p palette (light or dark) and recolours the document.
    void setPalette(const QPalette& palette);

    /// The colour used for keys; tests compare it across palettes.
    QColor keyColor() const { return m_key.foreground().color(); }

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
};
