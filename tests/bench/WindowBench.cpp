// hookscope-window-bench: the inspector window's figures on a real history, offscreen.
//   hookscope-window-bench --db FILE [--wrk-script webhook.lua] [--seconds N]
// Prints a markdown table: time to the first rows at launch and after each filter change (and to
// every row), jumps to the oldest and newest rows, resident memory, and the event loop's lag on the
// GUI thread throughout: a 10 ms timer notes how late it fires. With --wrk-script, wrk then drives
// ingest into the window's own endpoint while the filter changes again. A benchmark, not a test:
// run it by hand (see README.md).
#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <functional>
#include <sys/resource.h>

namespace {

constexpr int ProbeMs = 10;

/// The GUI thread's event-loop lag: how much later than its 10 ms period a timer fires.
class LagProbe
{
public:
    LagProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 late = m_tick.nsecsElapsed() - ProbeMs * 1'000'000LL;
            m_worst = std::max(m_worst, late);
            m_over50 += late > 50'000'000 ? 1 : 0;
            m_tick.restart();
        });
        m_tick.start();
        m_timer.start(ProbeMs);
    }
    /// Starts a new period of observation.
    void reset()
    {
        m_worst = 0;
        m_over50 = 0;
    }
    qint64 worstNs() const { return m_worst; }
    int over50() const { return m_over50; }

private:
    QTimer m_timer;
    QElapsedTimer m_tick;
    qint64 m_worst = 0;
    int m_over50 = 0;
};

void row(const QString& what, const QString& value)
{
    std::printf("| %s | %s |\n", what.toUtf8().constData(), value.toUtf8().constData());
    std::fflush(stdout);
}

QString ms(qint64 nanoseconds)
{
    return QStringLiteral("%1 ms").arg(static_cast<double>(nanoseconds) / 1e6, 0, 'f', 1);
}

QString residentMemory()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return QStringLiteral("?");
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return QString::fromLatin1(line.mid(6).trimmed());
        }
    }
    return QStringLiteral("?");
}

/// Runs the event loop (the probe included) until @p done, at most @p timeoutMs; false on timeout.
bool waitFor(const std::function<bool()>& done, qint64 timeoutMs = 60'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Lets the window lay out and paint what a user would see, which reads the visible rows.
void settle(QTableView* table)
{
    QCoreApplication::processEvents();
    table->viewport()->repaint();
}

/// Times every event the GUI thread handles in its own CPU time: on a busy machine the lag also
/// holds the time the thread waited for a core, this does not. Keeps the longest (what it was, too)
/// and says on stderr which event held the thread longer than HOOKSCOPE_BENCH_STALL_MS (when set).
class TracingApplication : public QApplication
{
    static qint64 threadCpuNs()
    {
        timespec t {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
    }

public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_depth > 0 || QThread::currentThread() != thread()) {
            return QApplication::notify(receiver, event);
        }
        // Read before: the receiver may be gone after its event (deleteLater).
        const char* receiverClass = receiver->metaObject()->className();
        const int type = static_cast<int>(event->type());
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuBefore = threadCpuNs();
        rusage usageBefore {};
        getrusage(RUSAGE_THREAD, &usageBefore);
        ++m_depth;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 cpu = threadCpuNs() - cpuBefore;
        if (cpu > m_worstCpuNs) {
            m_worstCpuNs = cpu;
            m_worstWhat = QStringLiteral("%1, event %2").arg(QString::fromLatin1(receiverClass)).arg(type);
        }
        if (m_thresholdNs > 0 && timer.nsecsElapsed() > m_thresholdNs) {
            // Voluntary switches: the thread waited (disk, a lock, a sleep); involuntary: for a core.
            rusage usage {};
            getrusage(RUSAGE_THREAD, &usage);
            std::fprintf(stderr, "stall %.1f ms (%.1f ms on the CPU, %ld waits, %ld preemptions): %s, event %d\n",
                static_cast<double>(timer.nsecsElapsed()) / 1e6, static_cast<double>(cpu) / 1e6,
                usage.ru_nvcsw - usageBefore.ru_nvcsw, usage.ru_nivcsw - usageBefore.ru_nivcsw, receiverClass, type);
        }
        return handled;
    }

    /// The longest event since the last call, in CPU time, and what it was; starts anew.
    QString takeWorst()
    {
        const QString worst = QStringLiteral("%1 ms (%2)")
                                  .arg(static_cast<double>(m_worstCpuNs) / 1e6, 0, 'f', 1)
                                  .arg(m_worstWhat.isEmpty() ? QStringLiteral("-") : m_worstWhat);
        m_worstCpuNs = 0;
        m_worstWhat.clear();
        return worst;
    }

private:
    const qint64 m_thresholdNs = qEnvironmentVariableIntValue("HOOKSCOPE_BENCH_STALL_MS") * 1'000'000LL;
    int m_depth = 0;
    qint64 m_worstCpuNs = 0;
    QString m_worstWhat;
};

TracingApplication* tracing()
{
    return static_cast<TracingApplication*>(QCoreApplication::instance());
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '))
                                          : QStringLiteral("?");
}

struct FilterTimes
{
    qint64 firstRowsNs = -1; ///< until the newest matching rows are painted
    qint64 allRowsNs = -1; ///< until every matching row is listed
    qint64 worstLagNs = 0;
    QString worstEvent; ///< the longest event on the GUI thread, in CPU time
    int rows = 0;
};

FilterTimes timeFilter(MainWindow& window, EventTableModel& model, LagProbe& probe, const EventFilter& filter)
{
    FilterTimes times;
    probe.reset();
    tracing()->takeWorst();
    QElapsedTimer timer;
    timer.start();
    window.filterBar()->setFilter(filter);
    if (waitFor([&] { return model.hasFirstRows(); })) {
        settle(window.table());
        times.firstRowsNs = timer.nsecsElapsed();
    }
    if (waitFor([&] { return !model.isListing(); })) {
        times.allRowsNs = timer.nsecsElapsed();
    }
    times.rows = model.rowCount();
    // The timeline recounts 300 ms after the last change, on its worker: watch the loop through it.
    waitFor([&] { return timer.elapsed() > 1500; });
    times.worstLagNs = probe.worstNs();
    times.worstEvent = tracing()->takeWorst();
    return times;
}

struct NamedFilter
{
    const char* name;
    EventFilter filter;
};

QList<NamedFilter> filters(qint64 oldestMs)
{
    NamedFilter channel {"channel invoices", {}};
    channel.filter.channels = {QStringLiteral("invoices")};
    NamedFilter action {"action deleted", {}};
    action.filter.actions = {QStringLiteral("deleted")};
    NamedFilter environment {"environment production", {}};
    environment.filter.environments = {QStringLiteral("production")};
    NamedFilter duplicates {"duplicates only", {}};
    duplicates.filter.duplicatesOnly = true;
    NamedFilter problems {"problems only", {}};
    problems.filter.problemsOnly = true;
    NamedFilter text {"text \"Ama Mensah\"", {}};
    text.filter.text = QStringLiteral("Ama Mensah");
    NamedFilter rare {"text matching nothing", {}};
    rare.filter.text = QStringLiteral("no-such-text-anywhere");
    constexpr qint64 DayMs = 24LL * 3600 * 1000;
    NamedFilter range {"time range: the first day", {}};
    range.filter.since = oldestMs;
    range.filter.until = oldestMs + DayMs;
    // The ends of a range inside the history are read from the time index: a third of it.
    NamedFilter middle {"time range: days 11 to 20", {}};
    middle.filter.since = oldestMs + 10 * DayMs;
    middle.filter.until = oldestMs + 20 * DayMs;
    // A range holding the first and the last event needs no index at all.
    NamedFilter span {"time range: everything", {}};
    span.filter.since = oldestMs;
    return {channel, action, environment, duplicates, problems, text, rare, range, middle, span, {"cleared", {}}};
}

void printFilterHeader()
{
    std::printf("\n| load | filter | first rows | every row | rows | longest lag | longest GUI event (CPU) |\n"
                "|---|---|---:|---:|---:|---:|---|\n");
}

void printFilterRow(const char* when, const NamedFilter& f, const FilterTimes& t)
{
    std::printf("| %s | %s | %s | %s | %d | %s | %s |\n", when, f.name, ms(t.firstRowsNs).toUtf8().constData(),
        ms(t.allRowsNs).toUtf8().constData(), t.rows, ms(t.worstLagNs).toUtf8().constData(),
        t.worstEvent.toUtf8().constData());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QElapsedTimer launch;
    launch.start();
    TracingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("History to open."), QStringLiteral("FILE")},
        {QStringLiteral("wrk-script"), QStringLiteral("wrk script for the ingest load (webhook.lua)."),
            QStringLiteral("FILE")},
        {QStringLiteral("seconds"), QStringLiteral("Seconds of ingest load (default 10)."), QStringLiteral("N"),
            QStringLiteral("10")}});
    parser.process(app);
    LagProbe probe;

    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    EventTableModel model;
    if (!model.open(parser.value(QStringLiteral("db"))) || !server.start(parser.value(QStringLiteral("db")))) {
        std::fprintf(stderr, "cannot open the history: %s\n", qPrintable(model.errorString() + server.errorString()));
        return 1;
    }
    MainWindow window(&server, &model);
    window.resize(1400, 900);
    window.show();
    QCoreApplication::processEvents();
    probe.reset(); // from here on the window is up: building it is not a stall of the running window
    app.takeWorst();
    waitFor([&] { return model.hasFirstRows(); });
    settle(window.table());
    const qint64 firstRows = launch.nsecsElapsed();
    waitFor([&] { return !model.isListing(); });
    const qint64 allRows = launch.nsecsElapsed();
    std::printf("| measure (%lld events) | value |\n|---|---:|\n", static_cast<long long>(model.totalCount()));
    row(QStringLiteral("launch to first rows shown"), ms(firstRows));
    row(QStringLiteral("launch to every row listed"), ms(allRows));
    row(QStringLiteral("longest event-loop lag while the first listing runs"), ms(probe.worstNs()));
    row(QStringLiteral("longest GUI event meanwhile (CPU)"), app.takeWorst());
    row(QStringLiteral("load average (1, 5, 15 min) at the start"), loadAverage());
    qint64 oldestMs = 0;
    qint64 newestMs = 0;
    {
        EventStore store;
        if (!store.open(parser.value(QStringLiteral("db")), EventStore::OpenMode::MustExist)
            || !store.timeSpan(EventFilter(), oldestMs, newestMs)) {
            std::fprintf(stderr, "cannot read the history's time span\n");
            return 1;
        }
    }
    {
        // The filter bar's channel list: one recount, as its worker runs it after arrivals or a delete.
        EventStore store;
        bool counted = store.open(parser.value(QStringLiteral("db")), EventStore::OpenMode::MustExist);
        QElapsedTimer counting;
        counting.start();
        const QHash<QString, qint64> counts = counted ? store.channelCounts(&counted) : QHash<QString, qint64>();
        row(QStringLiteral("channel counts (one recount, on the worker)"),
            counted ? QStringLiteral("%1 (%2 channels)").arg(ms(counting.nsecsElapsed())).arg(counts.size())
                    : QStringLiteral("failed"));
    }

    QElapsedTimer jump;
    jump.start();
    window.table()->scrollToBottom();
    settle(window.table());
    row(QStringLiteral("jump to the oldest row"), ms(jump.nsecsElapsed()));
    jump.restart();
    window.table()->scrollToTop();
    settle(window.table());
    row(QStringLiteral("jump to the newest row"), ms(jump.nsecsElapsed()));
    row(QStringLiteral("resident memory"), residentMemory());

    const QList<NamedFilter> all = filters(oldestMs);
    printFilterHeader();
    for (const NamedFilter& f : all) {
        printFilterRow("idle", f, timeFilter(window, model, probe, f.filter));
    }
    std::printf("\n");
    row(QStringLiteral("resident memory after the filters"), residentMemory());

    const QString script = parser.value(QStringLiteral("wrk-script"));
    if (script.isEmpty()) {
        return 0;
    }
    // Ingest into the window's own endpoint while it shows the events live, then change the filters
    // while it goes on.
    QProcess wrk;
    wrk.start(QStringLiteral("wrk"),
        {QStringLiteral("-t1"), QStringLiteral("-c32"),
            QStringLiteral("-d%1s").arg(parser.value(QStringLiteral("seconds"))), QStringLiteral("-s"), script,
            server.url() + QStringLiteral("webhook")});
    const qint64 before = model.totalCount();
    probe.reset();
    app.takeWorst();
    qint64 worstIngestNs = 0;
    int over50 = 0;
    QElapsedTimer ingest;
    ingest.start();
    printFilterHeader();
    // A third of the run live and unfiltered, then the filters, then the rest live again.
    const qint64 seconds = parser.value(QStringLiteral("seconds")).toLongLong();
    waitFor([&] { return ingest.elapsed() > seconds * 1000 / 3; });
    worstIngestNs = std::max(worstIngestNs, probe.worstNs());
    over50 += probe.over50();
    const QString liveWorst = app.takeWorst();
    for (const NamedFilter& f : {all.at(0), all.at(2), all.at(5), all.at(8)}) {
        if (wrk.state() != QProcess::Running) {
            break;
        }
        const FilterTimes t = timeFilter(window, model, probe, f.filter);
        worstIngestNs = std::max(worstIngestNs, t.worstLagNs);
        over50 += probe.over50();
        printFilterRow("ingest", f, t);
    }
    probe.reset();
    app.takeWorst();
    waitFor([&] { return wrk.state() == QProcess::NotRunning; }, seconds * 1000 + 30'000);
    worstIngestNs = std::max(worstIngestNs, probe.worstNs());
    over50 += probe.over50();
    const QByteArray out = wrk.readAllStandardOutput();
    const qsizetype at = out.indexOf("Requests/sec:");
    std::printf("\n");
    row(QStringLiteral("ingest while the window shows it live (wrk req/s)"),
        at < 0 ? QStringLiteral("?")
               : QString::fromLatin1(out.mid(at + 13, out.indexOf('\n', at) - at - 13).trimmed()));
    row(QStringLiteral("events stored during ingest"), QString::number(model.totalCount() - before));
    row(QStringLiteral("longest event-loop lag during ingest"), ms(worstIngestNs));
    row(QStringLiteral("lags over 50 ms during ingest"), QString::number(over50));
    row(QStringLiteral("longest GUI event while live and unfiltered (CPU)"), liveWorst);
    row(QStringLiteral("longest GUI event in the last part, live (CPU)"), app.takeWorst());
    row(QStringLiteral("load average (1, 5, 15 min) at the end"), loadAverage());
    row(QStringLiteral("resident memory after ingest"), residentMemory());
    return 0;
}
