#include "DiffView.h"

#include <QEvent>
#include <QLocale>
#include <QTextCursor>

namespace {

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return DiffView::tr("null");
    case QJsonValue::Bool:
        return DiffView::tr("boolean");
    case QJsonValue::Double:
        return DiffView::tr("number");
    case QJsonValue::String:
        return DiffView::tr("string");
    case QJsonValue::Array:
        return DiffView::tr("array");
    case QJsonValue::Object:
        return DiffView::tr("object");
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

QString pathText(const QString& path)
{
    return path.isEmpty() ? DiffView::tr("(whole body)") : path;
}

QString sizeText(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

DiffView::Row changeRow(const JsonDiff::Change& c)
{
    using Kind = JsonDiff::Change::Kind;
    const QString before = JsonDiff::valueText(c.before);
    const QString after = JsonDiff::valueText(c.after);
    switch (c.kind) {
    case Kind::Added:
        return {DiffView::Tone::Added, DiffView::tr("+ %1: %2", "added value").arg(pathText(c.path), after)};
    case Kind::Removed:
        return {DiffView::Tone::Removed, DiffView::tr("\u2212 %1: %2", "removed value").arg(pathText(c.path), before)};
    case Kind::TypeChanged:
        return {DiffView::Tone::Changed,
            DiffView::tr("~ %1: %2 %3 \u2192 %4 %5", "type changed")
                .arg(pathText(c.path), typeName(c.before), before, typeName(c.after), after)};
    case Kind::Changed:
        break;
    }
    return {DiffView::Tone::Changed,
        DiffView::tr("~ %1: %2 \u2192 %3", "changed value").arg(pathText(c.path), before, after)};
}

/// The lines of a text diff, with a "⋯" row where unchanged lines are left out.
QList<DiffView::Row> lineRows(const JsonDiff::Result& diff)
{
    using Kind = JsonDiff::Line::Kind;
    QList<DiffView::Row> rows;
    int nextBefore = 0;
    int nextAfter = 0;
    for (const JsonDiff::Line& line : diff.lines) {
        const bool gap = line.kind == Kind::Added ? nextAfter && line.afterLine != nextAfter
                                                  : nextBefore && line.beforeLine != nextBefore;
        if (gap) {
            rows.append({DiffView::Tone::Note, QStringLiteral("\u22ef")});
        }
        const int number = line.kind == Kind::Added ? line.afterLine : line.beforeLine;
        const QString mark = line.kind == Kind::Added ? QStringLiteral("+")
            : line.kind == Kind::Removed              ? QStringLiteral("\u2212")
                                                      : QStringLiteral(" ");
        const DiffView::Tone tone = line.kind == Kind::Added ? DiffView::Tone::Added
            : line.kind == Kind::Removed                     ? DiffView::Tone::Removed
                                                             : DiffView::Tone::Context;
        rows.append({tone, QStringLiteral("%1%2 \u2502 %3").arg(mark, QStringLiteral("%1").arg(number, 5), line.text)});
        if (line.kind != Kind::Added) {
            nextBefore = line.beforeLine + 1;
        }
        if (line.kind != Kind::Removed) {
            nextAfter = line.afterLine + 1;
        }
    }
    return rows;
}

} // namespace

DiffView::DiffView(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setUndoRedoEnabled(false);
    QFont mono = font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    setFont(mono);
}

void DiffView::setDiff(const JsonDiff::Result& diff)
{
    m_diff = diff;
    render();
}

QString DiffView::summary(const JsonDiff::Result& diff)
{
    switch (diff.outcome) {
    case JsonDiff::Outcome::Same:
        return tr("no difference");
    case JsonDiff::Outcome::SameData:
        return tr("same data, written differently");
    case JsonDiff::Outcome::Json:
        return tr("%n change(s)", nullptr, static_cast<int>(diff.changeCount));
    case JsonDiff::Outcome::Text:
        return tr("%n changed line(s)", nullptr, static_cast<int>(diff.changeCount));
    case JsonDiff::Outcome::Binary:
        return tr("binary bodies that differ");
    case JsonDiff::Outcome::TooLarge:
        return tr("too large to compare");
    }
    return QString();
}

QList<DiffView::Row> DiffView::rows(const JsonDiff::Result& diff)
{
    QList<Row> rows;
    switch (diff.outcome) {
    case JsonDiff::Outcome::Same:
        rows.append({Tone::Note, tr("No difference.")});
        break;
    case JsonDiff::Outcome::SameData:
        rows.append({Tone::Note, tr("The same data, written differently (whitespace, key order or number spelling).")});
        break;
    case JsonDiff::Outcome::Binary:
        rows.append({Tone::Note,
            tr("The bodies differ (%1 and %2); one of them is not text.")
                .arg(sizeText(diff.beforeBytes), sizeText(diff.afterBytes))});
        break;
    case JsonDiff::Outcome::TooLarge:
        rows.append({Tone::Note,
            tr("The bodies differ (%1 and %2), too much to compare them in detail.")
                .arg(sizeText(diff.beforeBytes), sizeText(diff.afterBytes))});
        break;
    case JsonDiff::Outcome::Json:
        for (const JsonDiff::Change& change : diff.changes) {
            rows.append(changeRow(change));
        }
        break;
    case JsonDiff::Outcome::Text:
        rows = lineRows(diff);
        break;
    }
    if (diff.truncated()) {
        rows.append({Tone::Note,
            tr("\u2026 only the first %n are listed.", nullptr,
                static_cast<int>(diff.outcome == JsonDiff::Outcome::Json ? diff.changes.size() : diff.lines.size()))});
    }
    return rows;
}

QColor DiffView::color(Tone tone, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const bool darkBase = base.lightness() < 128;
    // Hues at a lightness that contrasts with the base, as the JSON colouring picks them.
    const auto hue = [darkBase](int h) { return QColor::fromHsl(h, darkBase ? 150 : 200, darkBase ? 175 : 80); };
    switch (tone) {
    case Tone::Added:
        return hue(120);
    case Tone::Removed:
        return hue(0);
    case Tone::Changed:
        return hue(30);
    case Tone::Note:
        return palette.color(QPalette::PlaceholderText);
    case Tone::Context:
        break;
    }
    return QColor();
}

void DiffView::render()
{
    clear();
    QTextCursor cursor(document());
    bool first = true;
    for (const Row& row : rows(m_diff)) {
        if (!first) {
            cursor.insertBlock();
        }
        first = false;
        QTextCharFormat format;
        const QColor colour = color(row.tone, palette());
        format.setForeground(colour.isValid() ? colour : palette().color(QPalette::Text));
        format.setFontItalic(row.tone == Tone::Note);
        cursor.insertText(row.text, format);
    }
    moveCursor(QTextCursor::Start);
}

void DiffView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        render();
    }
}
