// hookscope-generate: fills a history with realistic webhook events for the window benchmarks.
//   hookscope-generate --db FILE --count N [--seed S] [--start ISO-TIME] [--span DAYS] [--append]
// Exit 0 when done, 1 when the history could not be written, 2 for a usage error.

#include "Catalog.h"
#include "EventStore.h"
#include "HistoryGenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimeZone>

#include <cstdio>

namespace {

/// Rows per transaction: big enough that the fsync of synchronous=FULL costs nothing per event.
constexpr qint64 BatchSize = 10000;
/// Bodies and header blocks per text index transaction (~20,000 generated events).
constexpr qint64 IndexChunkBytes = 32 * 1024 * 1024;

void say(const QString& line)
{
    std::fputs(qUtf8Printable(line + QLatin1Char('\n')), stderr);
}

int usageError(const QString& what)
{
    say(QStringLiteral("hookscope-generate: %1 (see --help)").arg(what));
    return 2;
}

/// The newest received_at in @p store (0 when it is empty): an appended history continues after it.
qint64 lastReceivedAt(EventStore& store, qint64 events)
{
    qint64 last = 0;
    // Ids only grow and are never deleted, so the last event has id == events; a scan from just
    // below stays correct (if slower) should that ever change.
    store.forEach(
        [&last](const StoredEvent& e) {
            last = qMax(last, e.receivedAtMs);
            return true;
        },
        qMax<qint64>(0, events - 1));
    return last;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hookscope-generate"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fills a Hookscope history with realistic webhook events (all channel events, both environments,\n"
        "retries sharing keys, broken bodies), written through the store as capture would write them."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("The history to write."), QStringLiteral("FILE"));
    const QCommandLineOption countOption(
        QStringLiteral("count"), QStringLiteral("How many events to add."), QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QStringLiteral("Seed of the random generator; the same seed gives the same events (default 1)."),
        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption startOption(QStringLiteral("start"),
        QStringLiteral("Time of the first event, ISO 8601, UTC unless it says otherwise (default "
                       "2026-01-01T00:00:00Z, or just after the last event when appending)."),
        QStringLiteral("ISO-TIME"));
    const QCommandLineOption spanOption(QStringLiteral("span"),
        QStringLiteral("Days from the first event to the last (default 30)."), QStringLiteral("DAYS"),
        QStringLiteral("30"));
    const QCommandLineOption appendOption(
        QStringLiteral("append"), QStringLiteral("Add to an existing history instead of refusing it."));
    parser.addOptions({dbOption, countOption, seedOption, startOption, spanOption, appendOption});
    if (!parser.parse(QCoreApplication::arguments())) {
        return usageError(parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().constFirst()));
    }
    const QString path = parser.value(dbOption);
    if (path.isEmpty()) {
        return usageError(QStringLiteral("--db FILE is required"));
    }
    bool ok = false;
    const qint64 count = parser.value(countOption).toLongLong(&ok);
    if (!ok || count <= 0) {
        return usageError(QStringLiteral("--count takes a positive number of events"));
    }
    const quint64 seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok) {
        return usageError(QStringLiteral("--seed takes a non-negative integer"));
    }
    const double spanDays = parser.value(spanOption).toDouble(&ok);
    if (!ok || spanDays < 0 || spanDays > 36500) {
        return usageError(QStringLiteral("--span takes a number of days (0 to 36500)"));
    }
    qint64 startMs = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    if (parser.isSet(startOption)) {
        QDateTime start = QDateTime::fromString(parser.value(startOption), Qt::ISODateWithMs);
        if (start.isValid() && start.timeSpec() == Qt::LocalTime) {
            // A time without an offset is UTC, like every time Hookscope stores.
            start.setTimeZone(QTimeZone::utc());
        }
        if (!start.isValid()) {
            return usageError(QStringLiteral("--start takes an ISO 8601 time, like 2026-01-01T00:00:00Z"));
        }
        startMs = start.toMSecsSinceEpoch();
    }

    const bool append = parser.isSet(appendOption);
    const QFileInfo info(path);
    if (info.exists() && info.size() > 0 && !append) {
        say(QStringLiteral("hookscope-generate: %1 exists and is not empty; pass --append to add to it").arg(path));
        return 1;
    }

    EventStore store;
    if (!store.open(path, EventStore::OpenMode::CreateIfMissing)) {
        say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
        return 1;
    }
    HistoryGenerator::Options options;
    options.seed = seed;
    options.count = count;
    options.startMs = startMs;
    options.spanMs = qint64(spanDays * 86400000.0);
    const qint64 existing = append ? store.count() : 0;
    if (existing < 0) {
        say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
        return 1;
    }
    if (existing > 0) {
        // Appending with the seed of an earlier run must not repeat its keys (they would all be
        // retries) nor its resource ids: both move on by what the history already holds.
        options.seed = seed ^ (quint64(existing) * 0x9e3779b97f4a7c15ULL);
        options.firstResourceId = existing + 1;
        if (!parser.isSet(startOption)) {
            options.startMs = qMax(startMs, lastReceivedAt(store, existing) + 1000);
        }
    }

    HistoryGenerator generator(Catalog::builtIn(), options);
    QElapsedTimer timer;
    timer.start();
    const qint64 progressEvery = qMax<qint64>(BatchSize * 10, count / 10);
    qint64 duplicates = 0;
    qint64 broken = 0;
    for (qint64 done = 0; done < count;) {
        if (!store.begin()) {
            say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
            return 1;
        }
        const qint64 batchEnd = qMin(count, done + BatchSize);
        for (; done < batchEnd; ++done) {
            StoredEvent event = generator.next();
            if (!store.insert(event)) {
                say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
                store.rollback();
                return 1;
            }
            duplicates += event.duplicateOf > 0 ? 1 : 0;
            broken += event.problems.isEmpty() ? 0 : 1;
        }
        if (!store.commit()) {
            say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
            return 1;
        }
        if (done % progressEvery == 0 && done < count) {
            say(QStringLiteral("hookscope-generate: %1 / %2 events, %3 s")
                    .arg(done)
                    .arg(count)
                    .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
        }
    }
    const double seconds = double(timer.elapsed()) / 1000.0;
    // Indexed at the end, as a history captured over time would be: the capture writer indexes
    // when it is idle (EventWriter), so nothing of an older history is left for the filter to scan.
    QElapsedTimer indexTimer;
    indexTimer.start();
    for (bool complete = false; !complete;) {
        if (!store.catchUpTextIndex(IndexChunkBytes, &complete)) {
            say(QStringLiteral("hookscope-generate: %1").arg(store.errorString()));
            return 1;
        }
    }
    const double indexSeconds = double(indexTimer.elapsed()) / 1000.0;
    store.close();
    const qint64 bytes = QFileInfo(path).size();
    std::fputs(qUtf8Printable(QStringLiteral("%1 events (%2 duplicates, %3 conflicting; %4 with problems) in %5 s, "
                                             "%6 events/s, text index %7 s; %8: %9 MB\n")
                                  .arg(count)
                                  .arg(duplicates)
                                  .arg(generator.conflicts())
                                  .arg(broken)
                                  .arg(seconds, 0, 'f', 1)
                                  .arg(qint64(double(count) / qMax(seconds, 0.001)))
                                  .arg(indexSeconds, 0, 'f', 1)
                                  .arg(path)
                                  .arg(double(bytes) / 1e6, 0, 'f', 1)),
        stdout);
    return 0;
}
