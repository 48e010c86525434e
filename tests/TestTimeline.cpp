#include "EventFilter.h"
#include "EventStore.h"
#include "StoredEvent.h"
#include "TestSupport.h"
#include "TimelineBucket.h"
#include "TimelineController.h"
#include "TimelineWidget.h"

#include <QImage>
#include <QSignalSpy>
#include <QTextDocument>
#include <QtTest>

#include <memory>

namespace {

constexpr qint64 T0 = 1795917180000; // 2026-11-29T09:53:00Z

/// One event of a row's history: when (ms after T0), where, and whether it is a retry or has problems.
struct Arrival
{
    qint64 offset = 0;
    QString environment; ///< "" = none
    QString channel = QStringLiteral("invoices");
    QString key; ///< "" = a fresh key; the same key twice makes the second a retry
    bool problem = false;
};

Arrival at(qint64 offset, const char* environment, const char* key = "", bool problem = false)
{
    Arrival a;
    a.offset = offset;
    a.environment = QString::fromLatin1(environment);
    a.key = QString::fromLatin1(key);
    a.problem = problem;
    return a;
}

Arrival onChannel(qint64 offset, const char* channel, const char* environment)
{
    Arrival a = at(offset, environment);
    a.channel = QString::fromLatin1(channel);
    return a;
}

StoredEvent makeEvent(const Arrival& a)
{
    const QString key = a.key.isEmpty() ? QString::fromLatin1(newKey()) : a.key;
    StoredEvent e;
    e.receivedAtMs = T0 + a.offset;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
    e.body = providerWebhook((a.channel + QStringLiteral(".created")).toUtf8(), key.toLatin1(), a.environment.toUtf8());
    e.contentType = "application/json";
    e.responseStatus = 200;
    e.channel = a.channel;
    e.action = QStringLiteral("created");
    e.event = a.channel + QStringLiteral(".created");
    e.environment = a.environment;
    e.idempotencyKey = key;
    if (a.problem) {
        e.problems = {QStringLiteral("missing field: message")};
    }
    return e;
}

bool insertAll(EventStore& store, const QList<Arrival>& arrivals)
{
    if (!store.begin()) {
        return false;
    }
    for (const Arrival& a : arrivals) {
        StoredEvent e = makeEvent(a);
        if (!store.insert(e)) {
            store.rollback();
            return false;
        }
    }
    return store.commit();
}

/// A bucket as {production, staging, other, duplicates, problems}, so that expectations read as a table.
QList<qint64> counts(const TimelineBucket& b)
{
    return {b.production, b.staging, b.other, b.duplicates, b.problems};
}

TimelineBucket bucket(qint64 from, qint64 to, qint64 production, qint64 staging = 0, qint64 other = 0)
{
    TimelineBucket b;
    b.from = from;
    b.to = to;
    b.production = production;
    b.staging = staging;
    b.other = other;
    return b;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(40, 40, 40));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Highlight, QColor(60, 110, 200));
    return p;
}

} // namespace

Q_DECLARE_METATYPE(Arrival)
Q_DECLARE_METATYPE(EventFilter)

class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void bucketsCountTheHistory_data();
    void bucketsCountTheHistory();
    void bucketBoundsCoverTheRange();
    void invalidRangeIsEmpty();
    void timeSpanFollowsTheFilter();
    void dragSelectsTheTimesUnderTheCursor();
    void doubleClickClearsTheRange();
    void shortClickSelectsNothing();
    void productionBarIsPainted_data();
    void productionBarIsPainted();
    void toolTipIsPlainText();
    void controllerShowsTheFilteredHistory();
    void controllerCoalescesArrivals();
    void controllerDropsReplacedFilters();
    void controllerRecountsOnARefresh();
    void controllerRefusesAMissingHistory();
    void incrementalCountsOnlyNewIds();

private:
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<EventStore> m_writer;
};

void TestTimeline::init()
{
    m_history = std::make_unique<TempHistory>();
    QVERIFY(m_history->isValid());
    m_writer = std::make_unique<EventStore>();
    QVERIFY2(m_writer->open(m_history->path()), qPrintable(m_writer->errorString()));
}

void TestTimeline::cleanup()
{
    m_writer.reset();
    m_history.reset();
}

void TestTimeline::bucketsCountTheHistory_data()
{
    QTest::addColumn<QList<Arrival>>("arrivals");
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<int>("buckets");
    QTest::addColumn<QList<QList<qint64>>>("expected"); // per bucket: production, staging, other, retries, problems

    QTest::newRow("bucket boundaries") << QList<Arrival> {at(-1, "production"), at(0, "production"), at(249, "staging"),
        at(250, ""), at(999, "qa"), at(1000, "production")}
                                       << EventFilter() << T0
                                       << T0
            + 1000 << 4 << QList<QList<qint64>> {{1, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 1, 0, 0}};
    QTest::newRow("uneven slices: [0,4) [4,7) [7,10)")
        << QList<Arrival> {at(3, "staging"), at(4, "staging"), at(6, "staging"), at(7, "staging"), at(9, "staging")}
        << EventFilter() << T0 << T0 + 10 << 3
        << QList<QList<qint64>> {{0, 1, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 2, 0, 0, 0}};
    QTest::newRow("environments stack") << QList<Arrival> {at(10, "production"), at(20, "production"),
        at(30, "staging"), at(40, ""), at(50, "Production"), at(60, "development")}
                                        << EventFilter() << T0 << T0 + 100 << 1
                                        << QList<QList<qint64>> {{2, 1, 3, 0, 0}};
    QTest::newRow("retries and problems")
        << QList<Arrival> {at(0, "production", "k1"), at(10, "production", "k1"), at(20, "staging", "k1", true),
               at(150, "staging", "", true), at(160, "", "k2"), at(170, "", "k2")}
        << EventFilter() << T0 << T0 + 200 << 2 << QList<QList<qint64>> {{2, 1, 0, 2, 1}, {0, 1, 2, 1, 1}};
    {
        EventFilter filter;
        filter.channels = {QStringLiteral("payments")};
        filter.since = T0 + 50; // ignored: the timeline sets the range itself
        filter.until = T0 + 60;
        QTest::newRow("a channel filter narrows, since and until are ignored")
            << QList<Arrival> {onChannel(10, "payments", "production"), onChannel(20, "invoices", "production"),
                   onChannel(110, "payments", "staging"), onChannel(120, "refunds", "")}
            << filter << T0 << T0 + 200 << 2 << QList<QList<qint64>> {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}};
    }
    {
        EventFilter filter;
        filter.environments = {QString(EventFilter::OtherEnvironment)};
        filter.problemsOnly = true;
        QTest::newRow("other environments with problems")
            << QList<Arrival> {at(10, "", "", true), at(20, "qa", "", true), at(30, "", ""),
                   at(40, "staging", "", true)}
            << filter << T0 << T0 + 100 << 1 << QList<QList<qint64>> {{0, 0, 2, 0, 2}};
    }
}

void TestTimeline::bucketsCountTheHistory()
{
    QFETCH(QList<Arrival>, arrivals);
    QFETCH(EventFilter, filter);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, buckets);
    QFETCH(QList<QList<qint64>>, expected);

    QVERIFY2(insertAll(*m_writer, arrivals), qPrintable(m_writer->errorString()));
    EventStore reader;
    QVERIFY2(reader.open(m_history->path(), EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    const QList<TimelineBucket> found = reader.timeline(filter, from, to, buckets);
    QCOMPARE(found.size(), buckets);
    QList<QList<qint64>> actual;
    for (const TimelineBucket& b : found) {
        actual.append(counts(b));
    }
    QCOMPARE(actual, expected);
}

void TestTimeline::bucketBoundsCoverTheRange()
{
    // Each event must fall into the bucket whose [from, to) holds its time, for spans that do not divide evenly.
    QList<Arrival> arrivals;
    for (qint64 offset = 0; offset < 10; ++offset) {
        arrivals.append(at(offset, "staging"));
    }
    QVERIFY(insertAll(*m_writer, arrivals));
    const QList<TimelineBucket> found = m_writer->timeline(EventFilter(), T0, T0 + 10, 3);
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.first().from, T0);
    QCOMPARE(found.last().to, T0 + 10);
    qint64 total = 0;
    for (qsizetype i = 0; i < found.size(); ++i) {
        if (i > 0) {
            QCOMPARE(found.at(i).from, found.at(i - 1).to);
        }
        QCOMPARE(found.at(i).staging, found.at(i).to - found.at(i).from);
        total += found.at(i).total();
    }
    QCOMPARE(total, qint64(10));
}

void TestTimeline::invalidRangeIsEmpty()
{
    QVERIFY(insertAll(*m_writer, {at(0, "production")}));
    QVERIFY(m_writer->timeline(EventFilter(), T0, T0, 4).isEmpty());
    QVERIFY(m_writer->timeline(EventFilter(), T0 + 5, T0, 4).isEmpty());
    QVERIFY(m_writer->timeline(EventFilter(), T0, T0 + 5, 0).isEmpty());
}

void TestTimeline::timeSpanFollowsTheFilter()
{
    qint64 oldest = -1;
    qint64 newest = -1;
    QVERIFY(m_writer->timeSpan(EventFilter(), oldest, newest));
    QCOMPARE(oldest, qint64(0));
    QCOMPARE(newest, qint64(0));

    QVERIFY(insertAll(*m_writer,
        {onChannel(500, "invoices", "staging"), onChannel(100, "payments", "production"),
            onChannel(900, "payments", "staging"), onChannel(1500, "invoices", "")}));
    QVERIFY(m_writer->timeSpan(EventFilter(), oldest, newest));
    QCOMPARE(oldest, T0 + 100);
    QCOMPARE(newest, T0 + 1500);

    EventFilter payments;
    payments.channels = {QStringLiteral("payments")};
    payments.since = T0 + 800; // ignored
    QVERIFY(m_writer->timeSpan(payments, oldest, newest));
    QCOMPARE(oldest, T0 + 100);
    QCOMPARE(newest, T0 + 900);
}

void TestTimeline::dragSelectsTheTimesUnderTheCursor()
{
    TimelineWidget widget;
    widget.resize(404, 70);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QList<TimelineBucket> buckets;
    const qint64 bucketMs = 1000;
    for (int i = 0; i < 100; ++i) {
        buckets.append(bucket(T0 + i * bucketMs, T0 + (i + 1) * bucketMs, i % 3));
    }
    widget.setBuckets(T0, T0 + 100 * bucketMs, buckets);
    QSignalSpy selected(&widget, &TimelineWidget::rangeSelected);
    QSignalSpy cleared(&widget, &TimelineWidget::rangeCleared);

    const QRect plot = widget.plotRect();
    const int y = plot.center().y();
    // Right to left: the range is ordered all the same.
    const int startX = plot.left() + plot.width() * 3 / 4;
    const int endX = plot.left() + plot.width() / 4;
    QTest::mousePress(&widget, Qt::LeftButton, {}, QPoint(startX, y));
    QTest::mouseMove(&widget, QPoint((startX + endX) / 2, y));
    QTest::mouseMove(&widget, QPoint(endX, y));
    QTest::mouseRelease(&widget, Qt::LeftButton, {}, QPoint(endX, y));

    QCOMPARE(selected.count(), 1);
    QCOMPARE(cleared.count(), 0);
    const qint64 since = selected.at(0).at(0).toLongLong();
    const qint64 until = selected.at(0).at(1).toLongLong();
    // A quarter and three quarters of 100 s, within one bucket.
    QVERIFY2(qAbs(since - (T0 + 25 * bucketMs)) <= bucketMs, qPrintable(QString::number(since - T0)));
    QVERIFY2(qAbs(until - (T0 + 75 * bucketMs)) <= bucketMs, qPrintable(QString::number(until - T0)));
    QCOMPARE(widget.selectionSince(), since);
    QCOMPARE(widget.selectionUntil(), until);
}

void TestTimeline::doubleClickClearsTheRange()
{
    TimelineWidget widget;
    widget.resize(404, 70);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    widget.setBuckets(T0, T0 + 10000, {bucket(T0, T0 + 5000, 1), bucket(T0 + 5000, T0 + 10000, 2)});
    widget.setSelection(T0 + 1000, T0 + 2000);
    QSignalSpy selected(&widget, &TimelineWidget::rangeSelected);
    QSignalSpy cleared(&widget, &TimelineWidget::rangeCleared);

    QTest::mouseDClick(&widget, Qt::LeftButton, {}, widget.plotRect().center());
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(selected.count(), 0);
    QCOMPARE(widget.selectionSince(), qint64(0));
    QCOMPARE(widget.selectionUntil(), qint64(0));
}

void TestTimeline::shortClickSelectsNothing()
{
    TimelineWidget widget;
    widget.resize(404, 70);
    widget.setBuckets(T0, T0 + 10000, {bucket(T0, T0 + 10000, 1)});
    QSignalSpy selected(&widget, &TimelineWidget::rangeSelected);
    const QPoint p = widget.plotRect().center();
    QTest::mousePress(&widget, Qt::LeftButton, {}, p);
    QTest::mouseRelease(&widget, Qt::LeftButton, {}, p + QPoint(1, 0));
    QCOMPARE(selected.count(), 0);
}

void TestTimeline::productionBarIsPainted_data()
{
    QTest::addColumn<QPalette>("palette");
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    light.setColor(QPalette::Highlight, QColor(48, 140, 198));
    QTest::newRow("light") << light;
    QTest::newRow("dark") << darkPalette();
}

void TestTimeline::productionBarIsPainted()
{
    QFETCH(QPalette, palette);
    TimelineWidget widget;
    widget.setPalette(palette);
    widget.resize(400, 70);
    QList<TimelineBucket> buckets;
    for (int i = 0; i < 10; ++i) {
        buckets.append(bucket(T0 + i * 100, T0 + (i + 1) * 100, 0));
    }
    buckets[4].production = 10; // the busiest bucket: its bar fills the height
    buckets[6].staging = 10;
    widget.setBuckets(T0, T0 + 1000, buckets);

    QImage image(widget.size(), QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    widget.render(&image);

    const QRect plot = widget.plotRect();
    const int column = plot.width() / 10;
    const int y = plot.bottom() - plot.height() / 3;
    const QColor background = palette.color(QPalette::Base);
    const QColor production = image.pixelColor(plot.left() + column * 4 + column / 2, y);
    const QColor staging = image.pixelColor(plot.left() + column * 6 + column / 2, y);
    const QColor empty = image.pixelColor(plot.left() + column * 2 + column / 2, y);
    QCOMPARE(empty.rgb(), background.rgb());
    QVERIFY2(production.rgb() != background.rgb(), qPrintable(production.name()));
    QVERIFY2(staging.rgb() != background.rgb(), qPrintable(staging.name()));
    QVERIFY2(production.rgb() != staging.rgb(), qPrintable(production.name()));
}

void TestTimeline::toolTipIsPlainText()
{
    // Only times and counts: the channel name "<b>x</b>" of the event never reaches the tooltip.
    Arrival a = onChannel(10, "<b>x</b>", "production");
    a.problem = true;
    QVERIFY(insertAll(*m_writer, {a}));
    const QList<TimelineBucket> buckets = m_writer->timeline(EventFilter(), T0, T0 + 100, 2);
    QCOMPARE(buckets.size(), 2);
    TimelineWidget widget;
    widget.resize(404, 70);
    widget.setBuckets(T0, T0 + 100, buckets);

    const int x = widget.plotRect().left() + 5;
    QCOMPARE(widget.bucketAt(x), 0);
    const QString text = widget.bucketToolTip(0);
    QVERIFY(!text.isEmpty());
    QVERIFY2(!text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('&')), qPrintable(text));
    QVERIFY(!Qt::mightBeRichText(text));
    QVERIFY2(text.contains(QStringLiteral("Production: 1")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("With problems: 1")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("x")));
    QVERIFY(widget.bucketToolTip(-1).isEmpty());
    QVERIFY(widget.bucketToolTip(2).isEmpty());
}

namespace {

/// The sums over every bucket the widget shows: production, staging, other, retries, problems.
QList<qint64> shownTotals(const TimelineWidget& widget)
{
    QList<qint64> total {0, 0, 0, 0, 0};
    for (const TimelineBucket& b : widget.buckets()) {
        const QList<qint64> c = counts(b);
        for (int i = 0; i < 5; ++i) {
            total[i] += c[i];
        }
    }
    return total;
}

/// The buckets of a full count of @p path over what @p widget shows, as counts() lists.
QList<QList<qint64>> fullCount(const QString& path, const EventFilter& filter, const TimelineWidget& widget)
{
    EventStore reader;
    if (!reader.open(path, EventStore::OpenMode::MustExist)) {
        return {};
    }
    QList<QList<qint64>> all;
    const auto size = static_cast<int>(widget.buckets().size());
    for (const TimelineBucket& b : reader.timeline(filter, widget.from(), widget.to(), size)) {
        all.append(counts(b));
    }
    return all;
}

QList<QList<qint64>> shownCounts(const TimelineWidget& widget)
{
    QList<QList<qint64>> all;
    for (const TimelineBucket& b : widget.buckets()) {
        all.append(counts(b));
    }
    return all;
}

} // namespace

void TestTimeline::controllerShowsTheFilteredHistory()
{
    QVERIFY(insertAll(*m_writer,
        {onChannel(0, "payments", "production"), onChannel(30000, "invoices", "staging"),
            onChannel(120000, "payments", "")}));
    TimelineWidget widget;
    widget.resize(404, 70);
    TimelineController controller(&widget);
    QSignalSpy shown(&controller, &TimelineController::bucketsShown);
    QVERIFY2(controller.open(m_history->path()), qPrintable(controller.errorString()));
    // Counted on the worker: the widget gets the buckets a moment later.
    QVERIFY(shown.wait(5000));
    QCOMPARE(widget.buckets().size(), widget.bucketCountHint());
    QCOMPARE(widget.from(), T0);
    // The newest event, and room after it for those to come.
    QVERIFY2(widget.to() > T0 + 120000 && widget.to() <= T0 + 120001 + 120001 / 4,
        qPrintable(QString::number(widget.to() - T0)));
    QCOMPARE(shownTotals(widget), (QList<qint64> {1, 1, 1, 0, 0}));
    QCOMPARE(shownCounts(widget), fullCount(m_history->path(), EventFilter(), widget));

    EventFilter payments;
    payments.channels = {QStringLiteral("payments")};
    payments.since = T0 + 10;
    payments.until = T0 + 20;
    controller.setFilter(payments);
    // The range is drawn at once; the counts follow from the worker.
    QCOMPARE(widget.selectionSince(), T0 + 10);
    QCOMPARE(widget.selectionUntil(), T0 + 20);
    QTRY_COMPARE(shownTotals(widget), (QList<qint64> {1, 0, 1, 0, 0}));
    QCOMPARE(shownCounts(widget), fullCount(m_history->path(), payments, widget));
}

void TestTimeline::controllerCoalescesArrivals()
{
    QVERIFY(insertAll(*m_writer, {at(0, "production")}));
    TimelineWidget widget;
    widget.resize(404, 70);
    TimelineController controller(&widget);
    QSignalSpy shown(&controller, &TimelineController::bucketsShown);
    QVERIFY(controller.open(m_history->path()));
    QVERIFY(shown.wait(5000));
    const qint64 from = widget.from();
    const qint64 to = widget.to();
    QVERIFY(to > T0 + 6000); // room for the next events: they are added, not recounted

    QVERIFY(insertAll(*m_writer, {at(5000, "staging", "k"), at(6000, "staging", "k", true)}));
    controller.eventsStored({2, 3});
    controller.eventsStored({2, 3});
    QCOMPARE(shownTotals(widget), (QList<qint64> {1, 0, 0, 0, 0})); // not at once: within 500 ms
    QTRY_COMPARE_WITH_TIMEOUT(shownTotals(widget), (QList<qint64> {1, 2, 0, 1, 1}), 2000);
    QCOMPARE(widget.from(), from);
    QCOMPARE(widget.to(), to);

    // Added up, the buckets are what a full count gives.
    EventStore reader;
    QVERIFY(reader.open(m_history->path(), EventStore::OpenMode::MustExist));
    const QList<TimelineBucket> full = reader.timeline(EventFilter(), from, to, widget.buckets().size());
    QCOMPARE(full.size(), widget.buckets().size());
    for (qsizetype i = 0; i < full.size(); ++i) {
        QCOMPARE(counts(widget.buckets().at(i)), counts(full.at(i)));
    }

    // One past the end of the range widens it.
    QVERIFY(insertAll(*m_writer, {at(600000, "")}));
    controller.eventsStored({4});
    QTRY_VERIFY_WITH_TIMEOUT(widget.to() > T0 + 600000, 2000);
    QCOMPARE(widget.from(), T0);
    QCOMPARE(shownTotals(widget), (QList<qint64> {1, 2, 1, 1, 1}));

    // A filter that hides the new events leaves the counts alone.
    EventFilter production;
    production.environments = {QStringLiteral("production")};
    controller.setFilter(production);
    QTRY_COMPARE(shownTotals(widget), (QList<qint64> {1, 0, 0, 0, 0}));
    QVERIFY(insertAll(*m_writer, {at(600100, "staging")}));
    shown.clear();
    controller.eventsStored({5});
    QVERIFY(shown.wait(5000)); // the worker has counted event 5
    QCOMPARE(shownTotals(widget), (QList<qint64> {1, 0, 0, 0, 0}));
    QCOMPARE(shownCounts(widget), fullCount(m_history->path(), production, widget));
}

void TestTimeline::controllerDropsReplacedFilters()
{
    // Enough events that a count takes a moment on the worker.
    QList<Arrival> arrivals;
    for (int i = 0; i < 3000; ++i) {
        arrivals.append(onChannel(i * 10, i % 3 ? "invoices" : "payments", i % 2 ? "staging" : "production"));
    }
    QVERIFY(insertAll(*m_writer, arrivals));
    TimelineWidget widget;
    widget.resize(404, 70);
    TimelineController controller(&widget);
    QSignalSpy shown(&controller, &TimelineController::bucketsShown);
    QVERIFY(controller.open(m_history->path()));
    QVERIFY(shown.wait(5000));
    QCOMPARE(shownTotals(widget), (QList<qint64> {1500, 1500, 0, 0, 0}));

    // Every totals the widget shows from now on.
    QList<QList<qint64>> seen;
    connect(&controller, &TimelineController::bucketsShown, this, [&] { seen.append(shownTotals(widget)); });
    EventFilter payments;
    payments.channels = {QStringLiteral("payments")};
    EventFilter staging;
    staging.environments = {QStringLiteral("staging")};
    EventFilter invoicesOnStaging = staging;
    invoicesOnStaging.channels = {QStringLiteral("invoices")};
    controller.setFilter(payments);
    controller.setFilter(staging);
    controller.setFilter(invoicesOnStaging);
    QTRY_VERIFY(!seen.isEmpty() && seen.constLast() == (QList<qint64> {0, 1000, 0, 0, 0}));
    // Only the last filter's counts were ever shown, never those of the filters it replaced.
    for (const QList<qint64>& totals : std::as_const(seen)) {
        QCOMPARE(totals, (QList<qint64> {0, 1000, 0, 0, 0}));
    }
    QCOMPARE(shownCounts(widget), fullCount(m_history->path(), invoicesOnStaging, widget));
}

void TestTimeline::controllerRecountsOnARefresh()
{
    QVERIFY(insertAll(*m_writer, {at(0, "production"), at(1000, "staging")}));
    TimelineWidget widget;
    widget.resize(404, 70);
    widget.show(); // resize events reach shown widgets only
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    TimelineController controller(&widget);
    QSignalSpy shown(&controller, &TimelineController::bucketsShown);
    QVERIFY(controller.open(m_history->path()));
    QVERIFY(shown.wait(5000));
    QCOMPARE(shownTotals(widget), (QList<qint64> {1, 1, 0, 0, 0}));

    // Deleted behind the worker's back (as the table's delete does): a refresh counts again.
    QVERIFY(m_writer->remove({1}));
    controller.refresh();
    QTRY_COMPARE(shownTotals(widget), (QList<qint64> {0, 1, 0, 0, 0}));
    QCOMPARE(shownCounts(widget), fullCount(m_history->path(), EventFilter(), widget));

    // A new width is a recount into as many buckets as fit.
    widget.resize(804, 70);
    QTRY_COMPARE(widget.buckets().size(), widget.bucketCountHint());
    QCOMPARE(shownTotals(widget), (QList<qint64> {0, 1, 0, 0, 0}));
}

void TestTimeline::incrementalCountsOnlyNewIds()
{
    QVERIFY(insertAll(*m_writer, {at(10, "production"), at(20, "staging")}));
    QVERIFY(insertAll(*m_writer, {at(30, "production"), at(40, "")}));
    const QList<TimelineBucket> added = m_writer->timeline(EventFilter(), T0, T0 + 100, 2, 2);
    QCOMPARE(added.size(), 2);
    QCOMPARE(counts(added.at(0)), (QList<qint64> {1, 0, 1, 0, 0}));
    QCOMPARE(added.at(0).lastId, qint64(4));
    QCOMPARE(added.at(1).lastId, qint64(0));
    qint64 oldest = 0;
    qint64 newest = 0;
    QVERIFY(m_writer->timeSpan(EventFilter(), oldest, newest, 2));
    QCOMPARE(oldest, T0 + 30);
    QCOMPARE(newest, T0 + 40);
    QVERIFY(m_writer->timeSpan(EventFilter(), oldest, newest, 4));
    QCOMPARE(newest, qint64(0));
}

void TestTimeline::controllerRefusesAMissingHistory()
{
    TimelineWidget widget;
    TimelineController controller(&widget);
    const QString missing = m_history->path(QStringLiteral("missing.sqlite"));
    QVERIFY(!controller.open(missing));
    QVERIFY(!controller.errorString().isEmpty());
    QVERIFY(!QFile::exists(missing));
}

QTEST_MAIN(TestTimeline)
#include "TestTimeline.moc"
