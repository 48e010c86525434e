#include "ExportWriter.h"

#include "CsvWriter.h"
#include "EventStore.h"
#include "HarWriter.h"
#include "JsonArrayWriter.h"
#include "NdjsonWriter.h"

#include <QIODevice>

ExportWriter::~ExportWriter() = default;

QStringList ExportWriter::formatNames()
{
    return {QStringLiteral("ndjson"), QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("har"),
        QStringLiteral("fixtures")};
}

bool ExportWriter::formatFromName(const QString& name, Format* format)
{
    const Format formats[] = {Format::Ndjson, Format::JsonArray, Format::Csv, Format::Har, Format::Fixtures};
    const qsizetype index = formatNames().indexOf(name);
    if (index < 0) {
        return false;
    }
    *format = formats[index];
    return true;
}

std::unique_ptr<ExportWriter> ExportWriter::toDevice(Format format, QIODevice& out)
{
    switch (format) {
    case Format::Ndjson:
        return std::make_unique<NdjsonWriter>(out);
    case Format::JsonArray:
        return std::make_unique<JsonArrayWriter>(out);
    case Format::Csv:
        return std::make_unique<CsvWriter>(out);
    case Format::Har:
        return std::make_unique<HarWriter>(out);
    case Format::Fixtures:
        break;
    }
    return nullptr;
}

qint64 ExportWriter::writeAll(EventStore& store, const EventFilter& filter, ExportWriter& writer,
    const std::function<bool(qint64 written)>& progress, QString* error)
{
    if (!writer.begin()) {
        *error = writer.errorString();
        return -1;
    }
    qint64 written = 0;
    bool stopped = false;
    const bool ok = store.forEach(filter, [&](const StoredEvent& event) {
        if (!writer.write(event)) {
            stopped = true;
            return false;
        }
        ++written;
        if (progress && !progress(written)) {
            writer.fail(QStringLiteral("cancelled"));
            stopped = true;
            return false;
        }
        return true;
    });
    if (stopped) {
        *error = writer.errorString();
        return -1;
    }
    if (!ok) {
        *error = store.errorString();
        return -1;
    }
    if (!writer.finish()) {
        *error = writer.errorString();
        return -1;
    }
    return written;
}

bool ExportWriter::fail(const QString& error)
{
    m_error = error;
    return false;
}

bool ExportWriter::put(QIODevice& out, const QByteArray& bytes)
{
    if (out.write(bytes) != bytes.size()) {
        return fail(QStringLiteral("cannot write: %1").arg(out.errorString()));
    }
    return true;
}
