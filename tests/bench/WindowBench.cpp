// hookscope-window-bench: the inspector window's figures on a real history, offscreen.
//   hookscope-window-bench --db FILE [--wrk-script webhook.lua] [--seconds N]
// Prints a markdown table: time to the first rows, each filter change, jumps to the oldest and
// newest rows, resident memory, and the longest event-loop stall of the GUI thread while wrk drives
// ingest into the window's own endpoint. A benchmark, not a test: run it by hand (see README.md).
#include "CaptureServer.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace {

void row(const char* what, const QString& value)
{
    std::printf("| %s | %s |\n", what, value.toLocal8Bit().constData());
    std::fflush(stdout);
}

QString ms(qint64 nanoseconds)
{
    return QStringLiteral("%1 ms").arg(static_cast<double>(nanoseconds) / 1e6, 0, 'f', 1);
}

QString residentMemory()
{
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return QString::fromLatin1(line.mid(6).trimmed());
        }
    }
    return QStringLiteral("?");
}

// Lets the window lay out and paint what a user would see, and reads the visible rows.
void settle(QTableView* table)
{
    QCoreApplication::processEvents();
    table->viewport()->repaint();
    QCoreApplication::processEvents();
}

qint64 timeFilter(MainWindow& window, const EventFilter& filter)
{
    QElapsedTimer timer;
    timer.start();
    window.filterBar()->setFilter(filter);
    settle(window.table());
    return timer.nsecsElapsed();
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QElapsedTimer launch;
    launch.start();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("History to open."), QStringLiteral("FILE")},
        {QStringLiteral("wrk-script"), QStringLiteral("wrk script for the ingest load (webhook.lua)."),
            QStringLiteral("FILE")},
        {QStringLiteral("seconds"), QStringLiteral("Seconds of ingest load (default 10)."), QStringLiteral("N"),
            QStringLiteral("10")}});
    parser.process(app);

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
    settle(window.table());
    std::printf("| measure (%lld events) | value |\n|---|---:|\n", static_cast<long long>(model.totalCount()));
    row("launch to first rows shown", ms(launch.nsecsElapsed()));

    EventFilter channel;
    channel.channels = {QStringLiteral("invoices")};
    EventFilter production;
    production.environments = {QStringLiteral("production")};
    EventFilter duplicates;
    duplicates.duplicatesOnly = true;
    EventFilter problems;
    problems.problemsOnly = true;
    EventFilter text;
    text.text = QStringLiteral("Ama Mensah");
    row("filter: channel invoices", ms(timeFilter(window, channel)));
    row("filter: environment production", ms(timeFilter(window, production)));
    row("filter: duplicates only", ms(timeFilter(window, duplicates)));
    row("filter: problems only", ms(timeFilter(window, problems)));
    row("filter: text", ms(timeFilter(window, text)));
    row("filter: cleared", ms(timeFilter(window, EventFilter())));

    QElapsedTimer jump;
    jump.start();
    window.table()->scrollToBottom();
    settle(window.table());
    row("jump to the oldest row", ms(jump.nsecsElapsed()));
    jump.restart();
    window.table()->scrollToTop();
    settle(window.table());
    row("jump to the newest row", ms(jump.nsecsElapsed()));
    row("resident memory", residentMemory());

    const QString script = parser.value(QStringLiteral("wrk-script"));
    if (script.isEmpty()) {
        return 0;
    }
    // The GUI thread's stalls: a 10 ms timer that notes how late it fires, while wrk posts webhooks.
    qint64 worstLateNs = 0;
    QElapsedTimer tick;
    tick.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        worstLateNs = qMax(worstLateNs, tick.nsecsElapsed() - 10'000'000);
        tick.restart();
    });
    probe.start(10);
    QProcess wrk;
    wrk.start(QStringLiteral("wrk"),
        {QStringLiteral("-t1"), QStringLiteral("-c32"),
            QStringLiteral("-d%1s").arg(parser.value(QStringLiteral("seconds"))), QStringLiteral("-s"), script,
            server.url() + QStringLiteral("webhook")});
    const qint64 before = model.totalCount();
    QObject::connect(&wrk, &QProcess::finished, &app, &QCoreApplication::quit);
    QApplication::exec();
    const QByteArray out = wrk.readAllStandardOutput();
    const qsizetype at = out.indexOf("Requests/sec:");
    row("ingest during the lag probe (wrk req/s)",
        at < 0 ? QStringLiteral("?")
               : QString::fromLatin1(out.mid(at + 13, out.indexOf('\n', at) - at - 13).trimmed()));
    row("events shown live during the probe", QString::number(model.totalCount() - before));
    row("longest GUI-thread stall during ingest", ms(worstLateNs));
    row("resident memory after ingest", residentMemory());
    return 0;
}
