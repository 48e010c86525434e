#include "CaptureServer.h"
#include "Catalog.h"
#include "DriftCheck.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "ShapeKeeper.h"
#include "SubscriptionCheck.h"
#include "TestSupport.h"
#include "WebhookFactory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

namespace {

QByteArray invoice(const QByteArray& data, const QByteArray& event = "invoices.created")
{
    return "{\"event\":\"" + event + "\",\"message\":\"Invoice created successfully.\",\"idempotency_key\":\""
        + newKey() + "\",\"environment\":\"staging\",\"data\":" + data + "}";
}

const QByteArray Usual = R"({"id":1,"amount":"12.50","client":{"id":2,"name":"Ama"}})";
const QByteArray Drifted = R"({"id":1,"amount":12.5,"notes":"late","client":{"id":2,"name":"Ama"}})";
const QString DriftProblem = QStringLiteral("shape: data.amount is a number (expected string); data.notes is new");

} // namespace

/// Schema drift: learning each channel event's data, flagging what changed, accepting, and keeping
/// what was learned in the history; at capture, through a real server.
class TestDriftCheck : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void learnsThenFlagsWithTheExactChange();
    void acceptStopsItForTheNextEvent();
    void forgetLearnsAgain();
    void cachedBodiesFollowTheExpectedShape();
    void onlyCatalogEventsWithDataAreChecked();
    void changedShapesAreTakenOnce();
    void keeperSavesAndLoadsTheLearnedShapes();
    void clearingTheHistoryKeepsTheShapes();
    void capturedEventsCarryTheShapeProblem();
    void everyCatalogEventIsCapturedWithoutProblems();

private:
    void startServer(const std::shared_ptr<DriftCheck>& drift);
    qint64 post(const QByteArray& body);
    StoredEvent stored(qint64 id) const;

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
};

void TestDriftCheck::init()
{
    m_history = std::make_unique<TempHistory>();
}

void TestDriftCheck::cleanup()
{
    m_server.reset();
    m_history.reset();
}

void TestDriftCheck::startServer(const std::shared_ptr<DriftCheck>& drift)
{
    ServerConfig config;
    config.port = 0;
    config.drift = drift;
    config.subscriptions = std::make_shared<SubscriptionCheck>();
    m_server = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
}

qint64 TestDriftCheck::post(const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

StoredEvent TestDriftCheck::stored(qint64 id) const
{
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return {};
    }
    return store.event(id);
}

void TestDriftCheck::learnsThenFlagsWithTheExactChange()
{
    DriftCheck drift;
    drift.setLearningEvents(3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)), QString());
    }
    QCOMPARE(drift.shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 3);
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), DriftProblem);
    // Flagged events are not learned from: the same change is flagged again.
    QCOMPARE(drift.shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 3);
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), DriftProblem);
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)), QString());
    // Another channel event learns on its own.
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("updated"), invoice(Drifted, "invoices.updated")),
        QString());
}

void TestDriftCheck::acceptStopsItForTheNextEvent()
{
    DriftCheck drift;
    drift.setLearningEvents(1);
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), DriftProblem);
    drift.accept(QStringLiteral("invoices"), QStringLiteral("created"), DataShape::ofBody(invoice(Drifted)));
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), QString());
    // Accepted as well, not instead: the old shape still fits, notes is optional now.
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"),
                 invoice(R"({"id":1,"amount":true,"client":{"id":2,"name":"Ama"}})")),
        QStringLiteral("shape: data.amount is a boolean (expected string or number)"));
}

void TestDriftCheck::forgetLearnsAgain()
{
    DriftCheck drift;
    drift.setLearningEvents(1);
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual));
    QVERIFY(!drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)).isEmpty());
    drift.forget(QStringLiteral("invoices"), QStringLiteral("created"));
    QCOMPARE(drift.shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 0);
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)),
        QStringLiteral("shape: data.amount is a string (expected number); data.notes is missing"));
}

void TestDriftCheck::cachedBodiesFollowTheExpectedShape()
{
    DriftCheck drift;
    drift.setLearningEvents(1);
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual));
    // The same skeleton with other values fits, from the cache the second time.
    const QByteArray other = invoice(R"({"id":77,"amount":"1.00","client":{"id":9,"name":"Kofi"}})");
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), other), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), other), QString());
    // What is expected changes: the cache may not answer for the old expectation.
    drift.forget(QStringLiteral("invoices"), QStringLiteral("created"));
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted));
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), other),
        QStringLiteral("shape: data.amount is a string (expected number); data.notes is missing"));
}

void TestDriftCheck::onlyCatalogEventsWithDataAreChecked()
{
    DriftCheck drift;
    drift.setLearningEvents(1);
    // business offers only "updated": business.created is outside the catalog (the envelope says so).
    QCOMPARE(drift.check(QStringLiteral("business"), QStringLiteral("created"), invoice(Usual, "business.created")),
        QString());
    QCOMPARE(drift.shape(QStringLiteral("business"), QStringLiteral("created")).events, 0);
    QCOMPARE(
        drift.check(QStringLiteral("nosuch"), QStringLiteral("created"), invoice(Usual, "nosuch.created")), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice("[1]")), QString());
    QCOMPARE(drift.check(QStringLiteral("invoices"), QStringLiteral("created"), "not json"), QString());
    QCOMPARE(drift.shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 0);
}

void TestDriftCheck::changedShapesAreTakenOnce()
{
    DriftCheck drift;
    drift.setLearningEvents(2);
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual));
    drift.check(QStringLiteral("sales"), QStringLiteral("created"), invoice(Usual, "sales.created"));
    QList<LearnedShape> changed = drift.takeChanged();
    QCOMPARE(changed.size(), 2);
    QVERIFY(drift.takeChanged().isEmpty());
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual));
    drift.check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual)); // learned: nothing changes
    changed = drift.takeChanged();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().events, 2);
}

void TestDriftCheck::keeperSavesAndLoadsTheLearnedShapes()
{
    {
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
        QCOMPARE(EventStore::SchemaVersion, 6);
    }
    auto drift = std::make_shared<DriftCheck>();
    drift->setLearningEvents(1);
    LearnedShape saved;
    {
        ShapeKeeper keeper(drift);
        QVERIFY2(keeper.open(m_history->path()), qPrintable(keeper.errorString()));
        drift->check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Usual));
        drift->accept(QStringLiteral("invoices"), QStringLiteral("created"), DataShape::ofBody(invoice(Drifted)));
        drift->check(QStringLiteral("sales"), QStringLiteral("created"), invoice(Usual, "sales.created"));
        QVERIFY(keeper.saveNow());
        saved = drift->shape(QStringLiteral("invoices"), QStringLiteral("created"));
        drift->forget(QStringLiteral("sales"), QStringLiteral("created"));
    } // the keeper saves what is left (the forgotten sales.created) as it goes
    auto again = std::make_shared<DriftCheck>();
    again->setLearningEvents(1);
    ShapeKeeper keeper(again);
    QVERIFY(keeper.open(m_history->path()));
    QCOMPARE(again->shape(QStringLiteral("invoices"), QStringLiteral("created")), saved);
    QCOMPARE(again->shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 2);
    QCOMPARE(again->shape(QStringLiteral("sales"), QStringLiteral("created")).events, 0);
    // What was loaded is what is checked against.
    QCOMPARE(again->check(QStringLiteral("invoices"), QStringLiteral("created"), invoice(Drifted)), QString());
    QCOMPARE(again->check(QStringLiteral("invoices"), QStringLiteral("created"),
                 invoice(R"({"id":"1","amount":"1","client":{"id":2,"name":"A"}})")),
        QStringLiteral("shape: data.id is a string (expected number)"));
    // A history that can't be read leaves the check empty and says why.
    QVERIFY(!keeper.open(m_history->path(QStringLiteral("missing.sqlite"))));
    QVERIFY(!keeper.errorString().isEmpty());
    QCOMPARE(again->shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 0);
}

void TestDriftCheck::clearingTheHistoryKeepsTheShapes()
{
    EventStore store;
    QVERIFY(store.open(m_history->path()));
    LearnedShape shape;
    shape.channel = QStringLiteral("invoices");
    shape.action = QStringLiteral("created");
    shape.learn(DataShape::ofBody(invoice(Usual)));
    QVERIFY2(store.saveDataShapes({shape}), qPrintable(store.errorString()));
    QVERIFY(store.clear());
    bool ok = false;
    const QList<LearnedShape> shapes = store.dataShapes(&ok);
    QVERIFY(ok);
    QCOMPARE(shapes.size(), 1);
    QCOMPARE(shapes.constFirst(), shape);
    shape.events = 0; // saving a shape of no events deletes it
    QVERIFY(store.saveDataShapes({shape}));
    QVERIFY(store.dataShapes().isEmpty());
}

void TestDriftCheck::capturedEventsCarryTheShapeProblem()
{
    auto drift = std::make_shared<DriftCheck>();
    drift->setLearningEvents(1);
    startServer(drift);
    const qint64 first = post(invoice(Usual));
    QVERIFY(first > 0);
    QCOMPARE(stored(first).problems, QStringList());
    const QByteArray drifted = invoice(Drifted);
    const qint64 flagged = post(drifted);
    QVERIFY(flagged > 0);
    QCOMPARE(stored(flagged).problems, QStringList {DriftProblem});
    // Accepting that event's shape (as the window does from the stored body) stops it for the next.
    drift->accept(QStringLiteral("invoices"), QStringLiteral("created"), DataShape::ofBody(stored(flagged).body));
    const qint64 next = post(invoice(Drifted));
    QVERIFY(next > 0);
    QCOMPARE(stored(next).problems, QStringList());
    // "with problems only" finds the flagged one.
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    EventFilter problems;
    problems.problemsOnly = true;
    QCOMPARE(store.ids(problems), QList<qint64> {flagged});
}

void TestDriftCheck::everyCatalogEventIsCapturedWithoutProblems()
{
    // Every check on (drift, subscriptions without a profile): what `hookscope send` and the send
    // dialog make is captured as a clean provider webhook. Ledgers goes to an environment of its
    // own, as the provider's rule has it; in the same one, its events are flagged (TestProviderWindow).
    auto drift = std::make_shared<DriftCheck>();
    drift->setLearningEvents(1);
    startServer(drift);
    QRandomGenerator64 random(20261129);
    WebhookFactory factory(Catalog::builtIn(), random, 7, 1764374400000LL);
    QList<qint64> ids;
    for (int i = 0; i < factory.channels().size(); ++i) {
        for (const QString& action : Catalog::builtIn().channels().at(i).actions) {
            // Ledgers goes alone (the provider's rule): to an environment of its own.
            const QByteArray environment = factory.channels().at(i).channel == "ledgers" ? "production" : "staging";
            const qint64 id = post(factory.webhook(i, action, environment, factory.uuid(), 1764374400000LL + i));
            QVERIFY(id > 0);
            ids.append(id);
        }
    }
    QCOMPARE(ids.size(), Catalog::builtIn().eventCount());
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    for (const qint64 id : ids) {
        const StoredEvent e = store.event(id);
        QVERIFY2(
            e.problems.isEmpty(), qPrintable(e.event + QStringLiteral(": ") + e.problems.join(QLatin1String("; "))));
    }
}

QTEST_GUILESS_MAIN(TestDriftCheck)
#include "TestDriftCheck.moc"
