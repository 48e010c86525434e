#include "ExportCommand.h"

#include "CommandLine.h"
#include "EventStore.h"
#include "FilterOptions.h"
#include "NdjsonRecord.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

qint64 ExportCommand::writeNdjson(EventStore& store, const EventFilter& filter, QIODevice& out, QString* error)
{
    qint64 written = 0;
    bool writeFailed = false;
    const bool ok = store.forEach(filter, [&](const StoredEvent& event) {
        if (out.write(NdjsonRecord::line(event)) < 0) {
            writeFailed = true;
            return false;
        }
        ++written;
        return true;
    });
    if (writeFailed) {
        *error = QStringLiteral("cannot write: %1").arg(out.errorString());
        return -1;
    }
    if (!ok) {
        *error = store.errorString();
        return -1;
    }
    return written;
}

int ExportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("db"),
            QCoreApplication::translate("ExportCommand", "History database (default: in the user's data folder)."),
            QStringLiteral("FILE")},
        {QStringLiteral("format"), QCoreApplication::translate("ExportCommand", "Output format: ndjson (default)."),
            QStringLiteral("FORMAT"), QStringLiteral("ndjson")},
        {{QStringLiteral("o"), QStringLiteral("output")},
            QCoreApplication::translate(
                "ExportCommand", "Write to FILE (replaced whole, only once complete) instead of stdout."),
            QStringLiteral("FILE")},
    });
    FilterOptions::addTo(parser);
    if (!CommandLine::parse(parser, QStringLiteral("export"), arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("ndjson")) {
        CommandLine::printError(QStringLiteral("export: --format '%1' is not known (known: ndjson)").arg(format));
        return CommandLine::Usage;
    }
    EventFilter filter;
    QString filterError;
    if (!FilterOptions::read(parser, &filter, &filterError)) {
        CommandLine::printError(QStringLiteral("export: %1").arg(filterError));
        return CommandLine::Usage;
    }
    const QString dbPath = CommandLine::databasePath(parser);
    const QString output = parser.value(QStringLiteral("output"));
    // QSaveFile would rename the NDJSON over the history itself: every event lost, exit 0.
    const QFileInfo outputInfo(output);
    if (!output.isEmpty() && outputInfo.exists()
        && outputInfo.canonicalFilePath() == QFileInfo(dbPath).canonicalFilePath()) {
        CommandLine::printError(QStringLiteral("export: --output '%1' is the history itself").arg(output));
        return CommandLine::Usage;
    }
    EventStore store;
    if (!store.open(dbPath, EventStore::OpenMode::MustExist)) {
        CommandLine::printError(QStringLiteral("export: %1").arg(store.errorString()));
        return CommandLine::Failed;
    }
    QString error;
    if (output.isEmpty()) {
        QFile out;
        out.open(stdout, QIODevice::WriteOnly);
        if (writeNdjson(store, filter, out, &error) < 0 || !out.flush()) {
            CommandLine::printError(QStringLiteral("export: %1").arg(error.isEmpty() ? out.errorString() : error));
            return CommandLine::Failed;
        }
        return CommandLine::Ok;
    }
    QSaveFile out(output);
    if (!out.open(QIODevice::WriteOnly)) {
        CommandLine::printError(QStringLiteral("export: %1: %2").arg(output, out.errorString()));
        return CommandLine::Failed;
    }
    const qint64 written = writeNdjson(store, filter, out, &error);
    if (written < 0 || !out.commit()) {
        CommandLine::printError(
            QStringLiteral("export: %1: %2").arg(output, error.isEmpty() ? out.errorString() : error));
        return CommandLine::Failed;
    }
    const QString done = written == 1
        ? QCoreApplication::translate("ExportCommand", "exported 1 event to %1").arg(output)
        : QCoreApplication::translate("ExportCommand", "exported %1 events to %2").arg(written).arg(output);
    std::fprintf(stderr, "hookscope: %s\n", done.toLocal8Bit().constData());
    return CommandLine::Ok;
}
