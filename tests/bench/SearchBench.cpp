// hookscope-search-bench: the text filter's figures on a real history, through the text index and
// by scanning every body, the same queries the window and the export run.
//   hookscope-search-bench --db FILE [--runs N] [--scan] TERM...
// Prints a markdown table per term: events found, the whole id list newest first with its count,
// the newest 200 ids; then the index's size. The history is opened as the window opens it, so an
// older schema is migrated first: run it on a copy. A benchmark, not a test (see README.md).
#include "EventFilter.h"
#include "EventStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

namespace {

/// The best of @p runs runs of @p work: "wall ms (CPU ms)". The first run also warms the page
/// cache; the CPU time is the one to compare on a machine that other work shares.
QString bestOf(int runs, const std::function<void()>& work)
{
    double wall = 1e30;
    double cpu = 1e30;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const std::clock_t started = std::clock();
        work();
        wall = std::min(wall, double(timer.nsecsElapsed()) / 1e6);
        cpu = std::min(cpu, double(std::clock() - started) * 1000.0 / CLOCKS_PER_SEC);
    }
    return QStringLiteral("%1 ms (%2)").arg(wall, 0, 'f', 1).arg(cpu, 0, 'f', 1);
}

/// Bytes of the text index's tables (dbstat), or -1 where SQLite was built without it.
qint64 indexBytes(const QString& path)
{
    qint64 bytes = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-size"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'events_text%'")) && q.next()) {
                bytes = q.value(0).toLongLong();
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-size"));
    return bytes;
}

/// The same figures for the scan of every body: EventStore's queries with the scan's SQL, on a
/// connection of its own.
void scan(const QString& path, const EventFilter& filter, int runs)
{
    const EventFilter::Sql sql = filter.toSql(0, EventFilter::TextSearch::Scan);
    qint64 found = 0;
    QString countMs;
    QString idsMs;
    QString newestMs;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-scan"));
        db.setDatabaseName(path);
        db.open();
        const auto run = [&](const QString& select, const std::function<void(QSqlQuery&)>& read) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.prepare(select.arg(sql.where));
            for (const QVariant& value : sql.values) {
                q.addBindValue(value);
            }
            q.exec();
            read(q);
        };
        countMs = bestOf(runs, [&] {
            run(QStringLiteral("SELECT count(*) FROM events WHERE %1"),
                [&](QSqlQuery& q) { found = q.next() ? q.value(0).toLongLong() : -1; });
        });
        const auto list = [&](const QString& select) {
            run(select, [](QSqlQuery& q) {
                QList<qint64> ids;
                while (q.next()) {
                    ids.append(q.value(0).toLongLong());
                }
            });
        };
        idsMs = bestOf(runs, [&] { list(QStringLiteral("SELECT id FROM events WHERE %1 ORDER BY id DESC")); });
        newestMs
            = bestOf(runs, [&] { list(QStringLiteral("SELECT id FROM events WHERE %1 ORDER BY id DESC LIMIT 200")); });
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-scan"));
    std::printf("| %s | scan | %lld | %s | %s | %s |\n", qUtf8Printable(filter.text), found, qUtf8Printable(countMs),
        qUtf8Printable(idsMs), qUtf8Printable(newestMs));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the text filter on a history."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The history."), QStringLiteral("FILE"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per figure, the best kept (3)."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption scanOption(QStringLiteral("scan"), QStringLiteral("Also time the scan of every body."));
    parser.addOptions({dbOption, runsOption, scanOption});
    parser.addPositionalArgument(
        QStringLiteral("TERM"), QStringLiteral("Text to look for."), QStringLiteral("TERM..."));
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());

    EventStore store;
    QElapsedTimer opening;
    opening.start();
    if (!store.open(parser.value(dbOption), EventStore::OpenMode::MustExist)) {
        std::fprintf(stderr, "hookscope-search-bench: %s\n", qUtf8Printable(store.errorString()));
        return 1;
    }
    EventStore::Tally tally;
    store.tally(tally);
    std::printf("%lld events, text index up to id %lld (opened in %.0f ms)\n\n", tally.events, store.textIndexedUpTo(),
        double(opening.elapsed()));
    std::printf("| term | search | found | count: wall (CPU) | ids, newest first | newest 200 ids "
                "|\n|---|---|---:|---:|---:|---:|\n");
    for (const QString& term : parser.positionalArguments()) {
        EventFilter filter;
        filter.text = term;
        qint64 found = 0;
        const QString countMs = bestOf(runs, [&] { found = store.count(filter); });
        const QString idsMs = bestOf(runs, [&] { found = store.ids(filter).size(); });
        const QString newestMs = bestOf(runs, [&] { store.ids(filter, 0, nullptr, 200); });
        std::printf("| %s | index | %lld | %s | %s | %s |\n", qUtf8Printable(term), found, qUtf8Printable(countMs),
            qUtf8Printable(idsMs), qUtf8Printable(newestMs));
        std::fflush(stdout);
        if (parser.isSet(scanOption)) {
            scan(store.path(), filter, runs);
        }
    }
    const QString path = store.path();
    store.close();
    const qint64 bytes = indexBytes(path);
    std::printf("\ntext index: %.1f MB\n", double(bytes) / 1e6);
    return 0;
}
