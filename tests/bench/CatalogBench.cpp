// hookscope-catalog-bench: the catalog view's queries and the drift check's cost per body, on a
// real history.
//   hookscope-catalog-bench --db FILE [--runs N] [--bodies N]
// Prints a markdown table: counting every channel event per environment (the whole history, then
// the newest thousand ids), sampling a channel event's newest 2,000 data shapes, loading the learned
// shapes; then per body on the capture thread: parsing it (what a check without the cache costs),
// its skeleton (what the cache costs), and DriftCheck::check once learned. The history is opened
// as the window opens it, so an older schema is migrated first: run it on a copy. A benchmark, not
// a test (see README.md).
#include "DataShape.h"
#include "DriftCheck.h"
#include "EventStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

namespace {

struct Timing
{
    double wallMs = 1e30;
    double cpuMs = 1e30;
};

/// The best of @p runs runs of @p work; the first run also warms the page cache.
Timing bestOf(int runs, const std::function<void()>& work)
{
    Timing best;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const std::clock_t started = std::clock();
        work();
        best.wallMs = std::min(best.wallMs, double(timer.nsecsElapsed()) / 1e6);
        best.cpuMs = std::min(best.cpuMs, double(std::clock() - started) * 1000.0 / CLOCKS_PER_SEC);
    }
    return best;
}

void row(const char* what, const Timing& t, const QString& note = {})
{
    std::printf("| %s | %.1f ms | %.1f ms | %s |\n", what, t.wallMs, t.cpuMs, qPrintable(note));
}

void perBody(const char* what, const Timing& t, qsizetype bodies)
{
    std::printf("| %s | %.2f µs | %.2f µs | %lld bodies |\n", what, t.wallMs * 1000 / double(bodies),
        t.cpuMs * 1000 / double(bodies), static_cast<long long>(bodies));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("db"), QStringLiteral("The history."), QStringLiteral("FILE")},
        {QStringLiteral("runs"), QStringLiteral("Runs of each query (best kept)."), QStringLiteral("N"),
            QStringLiteral("3")},
        {QStringLiteral("bodies"), QStringLiteral("Bodies for the per-body figures."), QStringLiteral("N"),
            QStringLiteral("20000")},
    });
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    EventStore store;
    if (!store.open(parser.value(QStringLiteral("db")), EventStore::OpenMode::MustExist)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    EventStore::Tally tally;
    store.tally(tally);
    std::printf("History: %lld events\n\n| measure | wall | CPU | note |\n|---|---:|---:|---|\n",
        static_cast<long long>(tally.events));

    QList<CatalogCount> counts;
    const Timing whole = bestOf(runs, [&] { counts = store.catalogCounts(0); });
    row("catalog counts, whole history", whole, QStringLiteral("%1 groups").arg(counts.size()));
    const Timing newest = bestOf(runs, [&] { counts = store.catalogCounts(tally.lastId - 1000); });
    row("catalog counts, newest 1,000 ids", newest, QStringLiteral("%1 groups").arg(counts.size()));
    QList<QByteArray> bodies;
    row("newest 2,000 bodies of invoices.created", bestOf(runs, [&] {
        bodies = store.recentBodies(QStringLiteral("invoices"), QStringLiteral("created"), 2000);
    }));
    row("their shapes, counted (CatalogWorker)", bestOf(runs, [&] {
        LearnedShape sample;
        for (const QByteArray& body : std::as_const(bodies)) {
            sample.learn(DataShape::ofBody(body));
        }
    }));
    row("learned shapes loaded (ShapeKeeper::open)", bestOf(runs, [&] { store.dataShapes(); }));

    // Per body, on bodies of every channel event, as the capture thread sees them.
    const int wanted = std::max(1, parser.value(QStringLiteral("bodies")).toInt());
    QList<std::pair<StoredEvent, QByteArray>> sample;
    store.forEach(
        EventFilter(),
        [&](const StoredEvent& e) {
            if (!e.channel.isEmpty()) {
                sample.append({e, e.body});
            }
            return sample.size() < wanted;
        },
        std::max<qint64>(0, tally.lastId - 10 * qint64(wanted)));
    if (sample.isEmpty()) {
        return 0;
    }
    std::printf("\n| per body | wall | CPU | |\n|---|---:|---:|---|\n");
    perBody("QJsonDocument::fromJson (the parse a check without the cache adds)",
        bestOf(runs,
            [&] {
                for (const auto& [e, body] : std::as_const(sample)) {
                    QJsonDocument::fromJson(body);
                }
            }),
        sample.size());
    perBody("DataShape::skeleton (the cache's key)",
        bestOf(runs,
            [&] {
                for (const auto& [e, body] : std::as_const(sample)) {
                    DataShape::skeleton(body);
                }
            }),
        sample.size());
    DriftCheck drift;
    drift.setLearningEvents(DriftCheck::DefaultLearningEvents);
    int flagged = 0;
    for (const auto& [e, body] : std::as_const(sample)) { // learns, and fills the cache
        flagged += drift.check(e.channel, e.action, body).isEmpty() ? 0 : 1;
    }
    perBody("DriftCheck::check, learned",
        bestOf(runs,
            [&] {
                for (const auto& [e, body] : std::as_const(sample)) {
                    drift.check(e.channel, e.action, body);
                }
            }),
        sample.size());
    std::printf("\n%d of the %lld bodies differed from what the first %d of their channel event taught.\n", flagged,
        static_cast<long long>(sample.size()), DriftCheck::DefaultLearningEvents);
    return 0;
}
