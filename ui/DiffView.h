#pragma once

#include "JsonDiff.h"

#include <QPlainTextEdit>

/// A JsonDiff::Result as plain text, one change or line per row, coloured by kind through
/// character formats (never markup: the values are payload). Colours follow the palette.
class DiffView : public QPlainTextEdit
{
    Q_OBJECT

public:
    enum class Tone { Note, Context, Added, Removed, Changed };
    struct Row
    {
        Tone tone;
        QString text;
    };

    explicit DiffView(QWidget* parent = nullptr);

    void setDiff(const JsonDiff::Result& diff);
    const JsonDiff::Result& diff() const { return m_diff; }

    /// What setDiff() shows, row by row, in words.
    static QList<Row> rows(const JsonDiff::Result& diff);
    /// One line saying how much changed: "3 changes", "same data, written differently"...
    static QString summary(const JsonDiff::Result& diff);
    /// The colour of @p tone on @p palette (light or dark); invalid for the palette's text colour.
    static QColor color(Tone tone, const QPalette& palette);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    JsonDiff::Result m_diff;
};
