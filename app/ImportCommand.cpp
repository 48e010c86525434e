#include "ImportCommand.h"

#include "Catalog.h"
#include "CommandLine.h"
#include "EventStore.h"
#include "HistoryImporter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <memory>

namespace {

/// One input: its name as given, the open file, what it holds.
struct Input
{
    QString name;
    std::unique_ptr<QFile> file;
    HistoryImporter::Format format = HistoryImporter::Format::Ndjson;
};

void printLine(const QString& line)
{
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
}

void printStatus(const QString& line)
{
    printLine(QStringLiteral("hookscope: ") + line);
}

/// Opens @p name and detects its format; false after printing why it can't be imported.
bool openInput(const QString& name, Input* input)
{
    input->name = name;
    input->file = std::make_unique<QFile>();
    bool opened = false;
    if (name == QLatin1String("-")) {
        input->name = QStringLiteral("stdin");
        opened = input->file->open(stdin, QIODevice::ReadOnly);
    } else if (QFileInfo(name).isDir()) {
        CommandLine::printError(QStringLiteral("import: %1: a folder, not a file").arg(name));
        return false;
    } else {
        input->file->setFileName(name);
        opened = input->file->open(QIODevice::ReadOnly);
    }
    if (!opened) {
        CommandLine::printError(QStringLiteral("import: %1: %2").arg(input->name, input->file->errorString()));
        return false;
    }
    QString error;
    if (!HistoryImporter::detect(*input->file, &input->format, &error)) {
        CommandLine::printError(QStringLiteral("import: %1: %2").arg(input->name, error));
        return false;
    }
    return true;
}

QString summary(const Input& input, qint64 imported, qint64 refused)
{
    const bool har = input.format == HistoryImporter::Format::Har;
    QString line = imported == 1
        ? QCoreApplication::translate("ImportCommand", "imported 1 event from %1").arg(input.name)
        : QCoreApplication::translate("ImportCommand", "imported %1 events from %2").arg(imported).arg(input.name);
    if (refused == 1) {
        line += QLatin1Char(' ')
            + (har ? QCoreApplication::translate("ImportCommand", "(1 entry refused)")
                   : QCoreApplication::translate("ImportCommand", "(1 line refused)"));
    } else if (refused > 1) {
        line += QLatin1Char(' ')
            + (har ? QCoreApplication::translate("ImportCommand", "(%1 entries refused)").arg(refused)
                   : QCoreApplication::translate("ImportCommand", "(%1 lines refused)").arg(refused));
    }
    return line;
}

/// Imports @p input into @p store, printing what it refuses; false when the history failed.
bool importInput(EventStore& store, Input& input, bool* anyRefused)
{
    const bool har = input.format == HistoryImporter::Format::Har;
    printStatus(QCoreApplication::translate("ImportCommand", "reading %1 as %2")
                    .arg(input.name, HistoryImporter::formatName(input.format)));
    HistoryImporter importer(store, Catalog::builtIn());
    const bool ok = importer.run(*input.file, input.format, [&](const HistoryImporter::Refusal& refusal) {
        // file:line: reason, as compilers say it, so that an editor can jump there.
        printLine(har ? QStringLiteral("%1: entry %2: %3").arg(input.name).arg(refusal.where).arg(refusal.reason)
                      : QStringLiteral("%1:%2: %3").arg(input.name).arg(refusal.where).arg(refusal.reason));
    });
    *anyRefused = *anyRefused || importer.refused() > 0;
    if (!ok) {
        CommandLine::printError(QStringLiteral("import: %1: %2 (%3 events imported before)")
                                    .arg(input.name, importer.errorString())
                                    .arg(importer.imported()));
        return false;
    }
    printStatus(summary(input, importer.imported(), importer.refused()));
    return true;
}

} // namespace

int ImportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("db"),
            QCoreApplication::translate("ImportCommand",
                "The history database file (default: history.sqlite in the user's data folder); created when missing."),
            QStringLiteral("FILE")},
    });
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QCoreApplication::translate("ImportCommand", "NDJSON or HAR files to import ('-' reads stdin)."),
        QStringLiteral("FILE..."));
    if (!CommandLine::parse(parser, QStringLiteral("import"), arguments, true)) {
        return parser.isSet(QStringLiteral("help")) ? CommandLine::Ok : CommandLine::Usage;
    }
    const QStringList names = parser.positionalArguments();
    if (names.isEmpty()) {
        CommandLine::printError(QStringLiteral("import: name at least one file (see 'hookscope import --help')"));
        return CommandLine::Usage;
    }
    if (names.count(QStringLiteral("-")) > 1) {
        CommandLine::printError(QStringLiteral("import: '-' (stdin) can be read once only"));
        return CommandLine::Usage;
    }
    // Every input is opened and recognised first: a mistyped name imports nothing, so that running
    // the corrected command again doesn't import the other files twice.
    std::vector<Input> inputs(static_cast<size_t>(names.size()));
    bool allOpen = true;
    for (qsizetype i = 0; i < names.size(); ++i) {
        allOpen = openInput(names.at(i), &inputs[static_cast<size_t>(i)]) && allOpen;
    }
    if (!allOpen) {
        return CommandLine::Failed;
    }
    EventStore store;
    if (!store.open(CommandLine::databasePath(parser), EventStore::OpenMode::CreateIfMissing)) {
        CommandLine::printError(QStringLiteral("import: %1").arg(store.errorString()));
        return CommandLine::Failed;
    }
    bool anyRefused = false;
    for (Input& input : inputs) {
        if (!importInput(store, input, &anyRefused)) {
            return CommandLine::Failed;
        }
    }
    return anyRefused ? CommandLine::Failed : CommandLine::Ok;
}
