#include "HistoryImporter.h"

#include "EventStore.h"
#include "HarReader.h"
#include "ImportedEvent.h"
#include "NdjsonRecord.h"

#include <QFileDevice>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

constexpr qint64 DetectBytes = 64 * 1024;
const QByteArray Bom("\xef\xbb\xbf");

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(const QByteArray& bytes, qsizetype from)
{
    while (from < bytes.size() && isJsonSpace(bytes.at(from))) {
        ++from;
    }
    return from;
}

} // namespace

HistoryImporter::HistoryImporter(EventStore& store, const Catalog& catalog)
    : m_store(store)
    , m_catalog(catalog)
{
}

QString HistoryImporter::formatName(Format format)
{
    return format == Format::Har ? QStringLiteral("HAR") : QStringLiteral("NDJSON");
}

bool HistoryImporter::detect(QIODevice& in, Format* format, QString* error)
{
    const QByteArray head = in.peek(DetectBytes);
    const qsizetype start = skipSpace(head, head.startsWith(Bom) ? Bom.size() : 0);
    if (start == head.size()) {
        *format = Format::Ndjson; // an export of nothing
        return true;
    }
    if (head.at(start) == '[') {
        *error = QStringLiteral("a JSON array; import reads NDJSON or HAR (export --format ndjson or har)");
        return false;
    }
    if (head.at(start) != '{') {
        *error = QStringLiteral("neither NDJSON nor HAR (it does not start with '{')");
        return false;
    }
    // HAR is one object whose first key is nearly always "log"; an NDJSON record has none.
    const qsizetype key = skipSpace(head, start + 1);
    const qsizetype lineEnd = head.indexOf('\n', start);
    const QJsonDocument firstLine = QJsonDocument::fromJson(head.mid(start, lineEnd < 0 ? -1 : lineEnd - start));
    const bool har = head.mid(key).startsWith("\"log\"") || firstLine.object().contains(QLatin1String("log"));
    *format = har ? Format::Har : Format::Ndjson;
    return true;
}

bool HistoryImporter::run(QIODevice& in, Format format, const RefusalHandler& refused)
{
    m_imported = 0;
    m_refused = 0;
    m_error.clear();
    const bool ok = format == Format::Har ? runHar(in, refused) : runNdjson(in, refused);
    if (!ok) {
        if (m_batchEvents > 0) {
            m_store.rollback();
            m_batchEvents = 0;
            m_batchBytes = 0;
        }
        return false;
    }
    return commitBatch();
}

bool HistoryImporter::runNdjson(QIODevice& in, const RefusalHandler& refused)
{
    qint64 lineNumber = 0;
    for (;;) {
        QByteArray line = in.readLine();
        if (line.isEmpty()) {
            break; // the end, or an error (below): a blank line still has its '\n'
        }
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith(Bom)) {
            line.remove(0, Bom.size());
        }
        while (!line.isEmpty() && (line.endsWith('\n') || line.endsWith('\r'))) {
            line.chop(1);
        }
        if (line.trimmed().isEmpty()) {
            continue;
        }
        ImportedEvent imported;
        QString reason;
        if (!NdjsonRecord::parse(line, &imported, &reason)) {
            refuse(lineNumber, reason, refused);
            continue;
        }
        if (!add(imported, lineNumber, refused)) {
            return false;
        }
    }
    const auto* file = qobject_cast<QFileDevice*>(&in);
    if (file && file->error() != QFileDevice::NoError) {
        m_error = QStringLiteral("cannot read after line %1: %2").arg(lineNumber).arg(in.errorString());
        return false;
    }
    return true;
}

bool HistoryImporter::runHar(QIODevice& in, const RefusalHandler& refused)
{
    HarReader reader;
    QString error;
    qint64 line = 0;
    if (!reader.open(in.readAll(), &error, &line)) {
        m_error = line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(error) : error;
        return false;
    }
    for (qsizetype i = 0; i < reader.count(); ++i) {
        ImportedEvent imported;
        if (!reader.entry(i, &imported, &error)) {
            refuse(i + 1, error, refused);
            continue;
        }
        if (!add(imported, i + 1, refused)) {
            return false;
        }
    }
    return true;
}

bool HistoryImporter::add(ImportedEvent& imported, qint64 where, const RefusalHandler& refused)
{
    const QString problem = imported.problem();
    if (!problem.isEmpty()) {
        refuse(where, problem, refused);
        return true;
    }
    imported.complete(m_catalog);
    if (m_batchEvents == 0 && !m_store.begin()) {
        m_error = m_store.errorString();
        return false;
    }
    ++m_batchEvents;
    if (!m_store.insert(imported.event)) {
        m_error = m_store.errorString();
        return false;
    }
    m_batchBytes += imported.event.body.size();
    if (m_batchEvents >= BatchEvents || m_batchBytes >= BatchBytes) {
        return commitBatch();
    }
    return true;
}

void HistoryImporter::refuse(qint64 where, const QString& reason, const RefusalHandler& refused)
{
    ++m_refused;
    if (refused) {
        refused({where, reason});
    }
}

bool HistoryImporter::commitBatch()
{
    if (m_batchEvents == 0) {
        return true;
    }
    const qint64 events = m_batchEvents;
    m_batchEvents = 0;
    m_batchBytes = 0;
    if (!m_store.commit()) {
        m_error = m_store.errorString();
        m_store.rollback();
        return false;
    }
    m_imported += events;
    return true;
}
