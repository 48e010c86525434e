#include "FixtureWriter.h"

#include "NdjsonRecord.h"
#include "StoredEvent.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace {

constexpr qsizetype MaxStemLength = 100;

void newLine(QByteArray& out, int depth)
{
    out.append('\n').append(QByteArray(2 * depth, ' '));
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

QString FixtureWriter::fileName(const StoredEvent& event)
{
    QString stem;
    for (const QChar c : event.event.left(MaxStemLength)) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        stem.append(plain ? c : QLatin1Char('_'));
    }
    // No hidden files, no "." or "..": a name that starts with a dot loses its dots.
    while (stem.startsWith(QLatin1Char('.'))) {
        stem.remove(0, 1);
    }
    if (stem.isEmpty()) {
        stem = QStringLiteral("request");
    }
    return QStringLiteral("%1-%2.json").arg(stem).arg(event.id);
}

QByteArray FixtureWriter::indent(const QByteArray& json)
{
    QByteArray out;
    out.reserve(json.size() + json.size() / 4);
    int depth = 0;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '"') {
            // A string as written, escapes included.
            const qsizetype from = i;
            for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                i += json.at(i) == '\\' ? 1 : 0;
            }
            out.append(json.constData() + from, qMin(i, json.size() - 1) - from + 1);
        } else if (c == '{' || c == '[') {
            qsizetype next = i + 1;
            while (next < json.size() && isJsonSpace(json.at(next))) {
                ++next;
            }
            if (next < json.size() && (json.at(next) == '}' || json.at(next) == ']')) {
                out.append(c).append(json.at(next)); // {} and [] stay on one line
                i = next;
            } else {
                out.append(c);
                newLine(out, ++depth);
            }
        } else if (c == '}' || c == ']') {
            newLine(out, --depth);
            out.append(c);
        } else if (c == ',') {
            out.append(c);
            newLine(out, depth);
        } else if (c == ':') {
            out.append(": ");
        } else if (!isJsonSpace(c)) {
            out.append(c);
        }
    }
    out.append('\n');
    return out;
}

QByteArray FixtureWriter::content(const StoredEvent& event)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(event.body, &error);
    if (error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray())) {
        return indent(event.body);
    }
    return indent(NdjsonRecord::compact(NdjsonRecord::object(event)));
}

bool FixtureWriter::write(const StoredEvent& event)
{
    const QString path = m_dir + QLatin1Char('/') + fileName(event);
    // QSaveFile would write through a symbolic link, to wherever it points.
    if (QFileInfo(path).isSymLink()) {
        return fail(QStringLiteral("%1 is a symbolic link; not followed").arg(path));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !put(file, content(event))) {
        return fail(QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    if (!file.commit()) {
        return fail(QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    return true;
}
