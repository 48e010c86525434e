#include "CaptureServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "Retention.h"
#include "RetentionOptions.h"
#include "RetentionWorker.h"
#include "TestSupport.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

/// Retention on real history files, on its own thread, alone and while a real CaptureServer captures.
class TestRetention : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keepsTheNewestEvents_data();
    void keepsTheNewestEvents();
    void dropsEventsOlderThanTheDays_data();
    void dropsEventsOlderThanTheDays();
    void appliesBothLimitsTogether();
    void offPolicyDeletesNothing();
    void retriesStayConsistent();
    void missingHistoryIsNotCreated();
    void runsWhileCapturing();
    void readsTheServeOptions_data();
    void readsTheServeOptions();
    void serveKeepsTheNewestEvents();

private:
    /// Inserts @p count events received at @p receivedAtMs (now when 0), with @p key when given.
    QList<qint64> insert(int count, qint64 receivedAtMs = 0, const QString& key = {});
    /// Runs one pass of @p policy over the test's history; the number of events it deleted, -1 on failure.
    qint64 runPass(Retention& retention, const RetentionPolicy& policy);
    QList<qint64> remainingIds();

    std::unique_ptr<TempHistory> m_history;
};

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

StoredEvent makeEvent(qint64 receivedAtMs, const QString& key)
{
    StoredEvent e;
    e.receivedAtMs = receivedAtMs;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.body = "{}";
    e.idempotencyKey = key;
    e.responseStatus = 200;
    return e;
}

} // namespace

void TestRetention::init()
{
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
}

void TestRetention::cleanup()
{
    m_history.reset();
}

QList<qint64> TestRetention::insert(int count, qint64 receivedAtMs, const QString& key)
{
    EventStore store;
    QList<qint64> ids;
    if (!store.open(m_history->path()) || !store.begin()) {
        return ids;
    }
    for (int i = 0; i < count; ++i) {
        StoredEvent e = makeEvent(receivedAtMs != 0 ? receivedAtMs : QDateTime::currentMSecsSinceEpoch(), key);
        if (!store.insert(e)) {
            store.rollback();
            return {};
        }
        ids.append(e.id);
    }
    return store.commit() ? ids : QList<qint64>();
}

qint64 TestRetention::runPass(Retention& retention, const RetentionPolicy& policy)
{
    QSignalSpy finished(&retention, &Retention::passFinished);
    QSignalSpy failed(&retention, &Retention::failed);
    retention.setPolicy(m_history->path(), policy);
    if (!finished.wait(30000) || !failed.isEmpty()) {
        return -1;
    }
    return finished.constFirst().constFirst().toLongLong();
}

QList<qint64> TestRetention::remainingIds()
{
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return {};
    }
    QList<qint64> ids = store.ids(EventFilter());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TestRetention::keepsTheNewestEvents_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("keep");
    QTest::newRow("fewer than the limit") << 5 << 10;
    QTest::newRow("exactly the limit") << 10 << 10;
    QTest::newRow("one over") << 11 << 10;
    QTest::newRow("keep one") << 7 << 1;
    // More than one batch to delete: the pass goes on until nothing is left over.
    QTest::newRow("several batches") << 2 * RetentionWorker::BatchSize + 500 << 100;
}

void TestRetention::keepsTheNewestEvents()
{
    QFETCH(int, events);
    QFETCH(int, keep);
    const QList<qint64> ids = insert(events);
    QCOMPARE(ids.size(), events);
    Retention retention;
    RetentionPolicy policy;
    policy.keepEvents = keep;
    QCOMPARE(runPass(retention, policy), qint64(std::max(0, events - keep)));
    QCOMPARE(remainingIds(), ids.mid(std::max(0, events - keep)));
}

void TestRetention::dropsEventsOlderThanTheDays_data()
{
    QTest::addColumn<int>("days");
    QTest::addColumn<int>("kept"); // of the four ages below, how many are newer than the days
    QTest::newRow("one day") << 1 << 1;
    QTest::newRow("two days") << 2 << 2;
    QTest::newRow("a week") << 7 << 3;
    QTest::newRow("a year") << 365 << 4;
}

void TestRetention::dropsEventsOlderThanTheDays()
{
    QFETCH(int, days);
    QFETCH(int, kept);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Inserted out of age order: the age decides, not the id.
    QList<qint64> byAge; // newest first
    const QList<qint64> old = insert(3, now - 30 * DayMs);
    const QList<qint64> recent = insert(3, now - DayMs / 2);
    const QList<qint64> days3 = insert(3, now - 3 * DayMs);
    const QList<qint64> days1 = insert(3, now - DayMs - DayMs / 2);
    QVERIFY(!old.isEmpty() && !recent.isEmpty() && !days3.isEmpty() && !days1.isEmpty());
    QList<qint64> expected;
    const QList<QList<qint64>> ages = {recent, days1, days3, old};
    for (int i = 0; i < kept; ++i) {
        expected += ages[i];
    }
    std::sort(expected.begin(), expected.end());
    Retention retention;
    RetentionPolicy policy;
    policy.keepDays = days;
    QCOMPARE(runPass(retention, policy), qint64(12 - expected.size()));
    QCOMPARE(remainingIds(), expected);
}

void TestRetention::appliesBothLimitsTogether()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    insert(5, now - 10 * DayMs);
    const QList<qint64> recent = insert(6, now);
    Retention retention;
    RetentionPolicy policy;
    policy.keepEvents = 4;
    policy.keepDays = 3;
    QCOMPARE(runPass(retention, policy), qint64(7));
    QCOMPARE(remainingIds(), recent.mid(2));
    // Fewer recent events than the count: the age alone decides.
    insert(3, now - 10 * DayMs);
    policy.keepEvents = 100;
    QCOMPARE(runPass(retention, policy), qint64(3));
    QCOMPARE(remainingIds(), recent.mid(2));
}

void TestRetention::offPolicyDeletesNothing()
{
    const QList<qint64> ids = insert(20, QDateTime::currentMSecsSinceEpoch() - 400 * DayMs);
    Retention retention;
    QCOMPARE(runPass(retention, RetentionPolicy()), qint64(0));
    QCOMPARE(remainingIds(), ids);
}

void TestRetention::retriesStayConsistent()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString key = QString::fromLatin1(newKey());
    // The first copy is old; its two retries are recent; an unrelated recent event sits between.
    const qint64 first = insert(1, now - 10 * DayMs, key).value(0);
    const qint64 retry1 = insert(1, now, key).value(0);
    const qint64 other = insert(1, now).value(0);
    const qint64 retry2 = insert(1, now, key).value(0);
    {
        EventStore store;
        QVERIFY(store.open(m_history->path()));
        QCOMPARE(store.event(retry2).duplicateOf, first);
    }
    Retention retention;
    RetentionPolicy policy;
    policy.keepDays = 1;
    QCOMPARE(runPass(retention, policy), qint64(1));
    QCOMPARE(remainingIds(), (QList<qint64> {retry1, other, retry2}));
    EventStore store;
    QVERIFY(store.open(m_history->path()));
    // As if the first copy had never arrived: the oldest remaining copy is the first.
    QCOMPARE(store.event(retry1).duplicateOf, qint64(0));
    QCOMPARE(store.event(retry2).duplicateOf, retry1);
    QCOMPARE(store.copies(retry2), (QList<qint64> {retry1, retry2}));
}

void TestRetention::missingHistoryIsNotCreated()
{
    const QString missing = m_history->path(QStringLiteral("missing.sqlite"));
    Retention retention;
    QSignalSpy failed(&retention, &Retention::failed);
    QSignalSpy finished(&retention, &Retention::passFinished);
    RetentionPolicy policy;
    policy.keepEvents = 1;
    retention.setPolicy(missing, policy);
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 1);
    QVERIFY(!QFileInfo::exists(missing));
}

void TestRetention::runsWhileCapturing()
{
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    QVERIFY2(server.start(m_history->path()), qPrintable(server.errorString()));
    auto retention = std::make_unique<Retention>();
    QSignalSpy removed(retention.get(), &Retention::eventsRemoved);
    QSignalSpy failed(retention.get(), &Retention::failed);
    RetentionPolicy policy;
    policy.keepEvents = 50;
    retention->setPolicy(m_history->path(), policy);

    // Every answer is read before the next request: each 200 is an event the server vouched for.
    QList<qint64> acknowledged;
    RawHttpClient client;
    QVERIFY(client.connectTo(server.port()));
    for (int i = 0; i < 1500; ++i) {
        client.send(RawHttpClient::post(providerWebhook("invoices.created", newKey())));
        const RawHttpClient::Response r = client.readResponse();
        QCOMPARE(r.status, 200);
        acknowledged.append(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger());
        if (i % 100 == 0) {
            retention->runNow(); // on the retention thread, while this one keeps posting
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(!removed.isEmpty(), 30000);
    server.stop();
    QVERIFY(failed.isEmpty());
    retention.reset();
    // A last pass once the capture has stopped: exactly the newest 50 acknowledged events remain.
    Retention last;
    QVERIFY(runPass(last, policy) >= 0);
    QCOMPARE(remainingIds(), acknowledged.mid(acknowledged.size() - 50));
}

void TestRetention::readsTheServeOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("keepEvents");
    QTest::addColumn<int>("keepDays");
    QTest::newRow("none") << QStringList() << true << qint64(0) << 0;
    QTest::newRow("events") << QStringList {QStringLiteral("--keep-events"), QStringLiteral("5000")} << true
                            << qint64(5000) << 0;
    QTest::newRow("days") << QStringList {QStringLiteral("--keep-days=30")} << true << qint64(0) << 30;
    QTest::newRow("both") << QStringList {QStringLiteral("--keep-events=7"), QStringLiteral("--keep-days=2")} << true
                          << qint64(7) << 2;
    QTest::newRow("zero is off") << QStringList {QStringLiteral("--keep-events=0")} << true << qint64(0) << 0;
    QTest::newRow("negative") << QStringList {QStringLiteral("--keep-events=-1")} << false << qint64(0) << 0;
    QTest::newRow("not a number") << QStringList {QStringLiteral("--keep-days=week")} << false << qint64(0) << 0;
    QTest::newRow("a fraction") << QStringList {QStringLiteral("--keep-days=1.5")} << false << qint64(0) << 0;
    QTest::newRow("beyond a century") << QStringList {QStringLiteral("--keep-days=36501")} << false << qint64(0) << 0;
}

void TestRetention::readsTheServeOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(qint64, keepEvents);
    QFETCH(int, keepDays);
    QCommandLineParser parser;
    RetentionOptions::addTo(parser);
    QVERIFY(parser.parse(QStringList {QStringLiteral("serve")} + arguments));
    RetentionPolicy policy;
    QString error;
    QCOMPARE(RetentionOptions::read(parser, &policy, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (ok) {
        QCOMPARE(policy.keepEvents, keepEvents);
        QCOMPARE(policy.keepDays, keepDays);
    }
}

void TestRetention::serveKeepsTheNewestEvents()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    insert(4, now - 10 * DayMs);
    const QList<qint64> recent = insert(6, now);
    QProcess serve;
    serve.start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            m_history->path(), QStringLiteral("--keep-events"), QStringLiteral("3"), QStringLiteral("--keep-days"),
            QStringLiteral("5")});
    QVERIFY(serve.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine(), 10000);
    const QByteArray line = serve.readLine();
    QVERIFY2(line.startsWith("listening on http://127.0.0.1:"), line.constData());
    QTRY_COMPARE_WITH_TIMEOUT(remainingIds(), recent.mid(3), 10000);
    // It still captures; the next pass (a minute on) keeps the newest three again.
    RawHttpClient client;
    QVERIFY(client.connectTo(line.mid(30, line.size() - 32).toUShort()));
    client.send(RawHttpClient::post(providerWebhook()));
    QCOMPARE(client.readResponse().status, 200);
    serve.terminate();
    QVERIFY(serve.waitForFinished());
    QCOMPARE(serve.exitCode(), 0);
    QCOMPARE(remainingIds().size(), 4);
}

QTEST_GUILESS_MAIN(TestRetention)
#include "TestRetention.moc"
