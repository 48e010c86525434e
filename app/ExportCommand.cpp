#include "ExportCommand.h"

#include "CommandLine.h"
#include "EventStore.h"
#include "ExportWriter.h"
#include "FilterOptions.h"
#include "FixtureWriter.h"
#include "TerminalProgress.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <unistd.h>

namespace {

/// The checked command line of one export.
struct Request
{
    ExportWriter::Format format = ExportWriter::Format::Ndjson;
    EventFilter filter;
    QString dbPath;
    QString output;
    bool force = false;
};

void addOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {QStringLiteral("db"),
            QCoreApplication::translate(
                "ExportCommand", "The history database file (default: history.sqlite in the user's data folder)."),
            QStringLiteral("FILE")},
        {QStringLiteral("format"),
            QCoreApplication::translate("ExportCommand",
                "Output format: ndjson (default), json, csv, har, or fixtures (one JSON file per event, into the "
                "--output folder)."),
            QStringLiteral("FORMAT"), QStringLiteral("ndjson")},
        {{QStringLiteral("o"), QStringLiteral("output")},
            QCoreApplication::translate("ExportCommand",
                "Write to FILE (replaced whole, only once complete) instead of stdout; for fixtures, the folder."),
            QStringLiteral("FILE")},
        {QStringLiteral("force"),
            QCoreApplication::translate(
                "ExportCommand", "Fixtures only: write into a folder that is not empty (same names are replaced).")},
    });
    FilterOptions::addTo(parser);
}

/// Reads and checks the options; false with the exit code in @p exit when the export can't run.
bool readRequest(const QCommandLineParser& parser, Request* r, int* exit)
{
    const auto usage = [exit](const QString& message) {
        CommandLine::printError(QStringLiteral("export: %1").arg(message));
        *exit = CommandLine::Usage;
        return false;
    };
    const QString format = parser.value(QStringLiteral("format"));
    if (!ExportWriter::formatFromName(format, &r->format)) {
        return usage(QStringLiteral("--format '%1' is not known (known: %2)")
                         .arg(format, ExportWriter::formatNames().join(QLatin1String(", "))));
    }
    QString filterError;
    if (!FilterOptions::read(parser, &r->filter, &filterError)) {
        return usage(filterError);
    }
    r->dbPath = CommandLine::databasePath(parser);
    r->output = parser.value(QStringLiteral("output"));
    r->force = parser.isSet(QStringLiteral("force"));
    const bool fixtures = r->format == ExportWriter::Format::Fixtures;
    if (fixtures && r->output.isEmpty()) {
        return usage(QStringLiteral("--format fixtures writes files: name their folder with --output DIR"));
    }
    if (r->force && !fixtures) {
        return usage(QStringLiteral("--force is for --format fixtures only (--output files are replaced anyway)"));
    }
    const QFileInfo outputInfo(r->output);
    if (!fixtures) {
        // QSaveFile would rename the export over the history itself: every event lost, exit 0.
        if (!r->output.isEmpty() && outputInfo.exists()
            && outputInfo.canonicalFilePath() == QFileInfo(r->dbPath).canonicalFilePath()) {
            return usage(QStringLiteral("--output '%1' is the history itself").arg(r->output));
        }
        return true;
    }
    if (outputInfo.exists() && !outputInfo.isDir()) {
        return usage(QStringLiteral("--output '%1' is not a folder").arg(r->output));
    }
    if (outputInfo.isDir() && !r->force
        && !QDir(r->output)
                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)
                .isEmpty()) {
        return usage(QStringLiteral("--output '%1' is not empty (--force writes into it anyway)").arg(r->output));
    }
    return true;
}

void printDone(qint64 written, const QString& where)
{
    const QString done = written == 1
        ? QCoreApplication::translate("ExportCommand", "exported 1 event to %1").arg(where)
        : QCoreApplication::translate("ExportCommand", "exported %1 events to %2").arg(written).arg(where);
    std::fprintf(stderr, "hookscope: %s\n", done.toLocal8Bit().constData());
}

/// Runs @p writer over the history with progress on a terminal; the number written or -1.
qint64 writeWithProgress(EventStore& store, const Request& r, ExportWriter& writer, QString* error)
{
    // Progress on stderr, unless the export itself is going to the same terminal on stdout.
    TerminalProgress progress(stderr, !r.output.isEmpty() || ::isatty(STDOUT_FILENO) != 1);
    if (progress.isShown()) {
        progress.setTotal(qMax<qint64>(0, store.count(r.filter)));
    }
    const qint64 written = ExportWriter::writeAll(
        store, r.filter, writer,
        [&progress](qint64 done) {
            progress.update(done);
            return true;
        },
        error);
    progress.finish();
    return written;
}

int exportToStdout(EventStore& store, const Request& r)
{
    QFile out;
    out.open(stdout, QIODevice::WriteOnly);
    const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(r.format, out);
    QString error;
    if (writeWithProgress(store, r, *writer, &error) < 0 || !out.flush()) {
        CommandLine::printError(QStringLiteral("export: %1").arg(error.isEmpty() ? out.errorString() : error));
        return CommandLine::Failed;
    }
    return CommandLine::Ok;
}

int exportToFile(EventStore& store, const Request& r)
{
    QSaveFile out(r.output);
    if (!out.open(QIODevice::WriteOnly)) {
        CommandLine::printError(QStringLiteral("export: %1: %2").arg(r.output, out.errorString()));
        return CommandLine::Failed;
    }
    const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(r.format, out);
    QString error;
    const qint64 written = writeWithProgress(store, r, *writer, &error);
    if (written < 0 || !out.commit()) {
        CommandLine::printError(
            QStringLiteral("export: %1: %2").arg(r.output, error.isEmpty() ? out.errorString() : error));
        return CommandLine::Failed;
    }
    printDone(written, r.output);
    return CommandLine::Ok;
}

int exportFixtures(EventStore& store, const Request& r)
{
    if (!QFileInfo(r.output).isDir() && !QDir().mkdir(r.output)) {
        CommandLine::printError(QStringLiteral("export: %1: cannot create the folder").arg(r.output));
        return CommandLine::Failed;
    }
    FixtureWriter writer(r.output);
    QString error;
    const qint64 written = writeWithProgress(store, r, writer, &error);
    if (written < 0) {
        // Each file is whole; the ones written before the failure stay.
        CommandLine::printError(QStringLiteral("export: %1").arg(error));
        return CommandLine::Failed;
    }
    printDone(written, r.output);
    return CommandLine::Ok;
}

} // namespace

int ExportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!CommandLine::parse(parser, QStringLiteral("export"), arguments)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    Request request;
    int exit = CommandLine::Ok;
    if (!readRequest(parser, &request, &exit)) {
        return exit;
    }
    EventStore store;
    if (!store.open(request.dbPath, EventStore::OpenMode::MustExist)) {
        CommandLine::printError(QStringLiteral("export: %1").arg(store.errorString()));
        return CommandLine::Failed;
    }
    if (request.format == ExportWriter::Format::Fixtures) {
        return exportFixtures(store, request);
    }
    return request.output.isEmpty() ? exportToStdout(store, request) : exportToFile(store, request);
}
