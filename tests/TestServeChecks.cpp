#include "CaptureServer.h"
#include "ChildServer.h"
#include "DataShape.h"
#include "DriftCheck.h"
#include "EventStore.h"
#include "LearnedShape.h"
#include "ProviderChecks.h"
#include "RawHttpClient.h"
#include "ShapeKeeper.h"
#include "SubscriptionCheck.h"
#include "SubscriptionProfile.h"
#include "TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

namespace {

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

QByteArray webhook(const QByteArray& event, const QByteArray& environment = "staging",
    const QByteArray& data = R"({"id":1,"amount":"12.50"})")
{
    return "{\"event\":\"" + event + "\",\"message\":\"Done successfully.\",\"idempotency_key\":\"" + newKey()
        + "\",\"environment\":\"" + environment + "\",\"data\":" + data + "}";
}

const QByteArray Drifted = R"({"id":2,"amount":12.5,"notes":"late"})";
const QString DriftProblem = QStringLiteral("shape: data.amount is a number (expected string); data.notes is new");
const QString LedgerProblemStart = QStringLiteral("ledger rule: production also delivered invoices;");

} // namespace

/// `hookscope serve` runs the window's provider checks (ProviderChecks): schema drift against the
/// shapes learned in the history, the subscription profile the window saved, and the ledger rule,
/// and stores their problems with each event. Real child processes, sockets and SQLite files.
class TestServeChecks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void serveFlagsEventsOutsideTheSavedProfile();
    void serveFlagsDriftAgainstTheShapesOfTheHistory();
    void serveFlagsLedgersAfterOtherChannels();
    void serveSavesTheShapesItLearns();
    void channelsOfTheHistoryCountForTheLedgerRule();
    void prepareLeavesGivenChecksAlone();

private:
    /// Starts `hookscope serve` on a free port into the test's history, its settings in m_home.
    bool startServe();
    /// Posts @p body to @p port; the stored event's id, -1 when it was not answered 200.
    static qint64 post(quint16 port, const QByteArray& body);
    StoredEvent stored(qint64 id) const;
    /// A shape of invoices.created, learned from as many events as the check learns from.
    static LearnedShape learnedInvoice();

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<ChildServer> m_serve;
};

void TestServeChecks::initTestCase()
{
    // The names main.cpp gives the application: the test writes the settings file the child reads.
    QCoreApplication::setOrganizationName(QStringLiteral("Hookscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Hookscope"));
}

void TestServeChecks::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    // The child's XDG_CONFIG_HOME (ChildRun::environment): the profile saved here, as the window
    // saves it, is what the child finds.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home->path() + QStringLiteral("/config"));
    m_history = std::make_unique<TempHistory>();
}

void TestServeChecks::cleanup()
{
    m_serve.reset();
    m_history.reset();
    m_home.reset();
}

bool TestServeChecks::startServe()
{
    m_serve = std::make_unique<ChildServer>(m_home->path());
    return m_serve->start(binary(),
               {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                   m_history->path()})
        && m_serve->port() != 0;
}

qint64 TestServeChecks::post(quint16 port, const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(port)) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

StoredEvent TestServeChecks::stored(qint64 id) const
{
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return {};
    }
    return store.event(id);
}

LearnedShape TestServeChecks::learnedInvoice()
{
    LearnedShape shape;
    shape.channel = QStringLiteral("invoices");
    shape.action = QStringLiteral("created");
    for (int i = 0; i < DriftCheck::DefaultLearningEvents; ++i) {
        shape.learn(DataShape::ofBody(webhook("invoices.created")));
    }
    return shape;
}

void TestServeChecks::serveFlagsEventsOutsideTheSavedProfile()
{
    SubscriptionProfile profile;
    profile.setChannels(QStringLiteral("production"), {QStringLiteral("invoices")});
    profile.save(); // where the window's Subscription Profile dialog keeps it
    QVERIFY2(startServe(), m_serve->firstLine().constData());
    const qint64 inside = post(m_serve->port(), webhook("invoices.created", "production"));
    const qint64 outside = post(m_serve->port(), webhook("sales.created", "production"));
    const qint64 undeclared = post(m_serve->port(), webhook("sales.created", "staging"));
    QVERIFY(inside > 0 && outside > 0 && undeclared > 0);
    QVERIFY(m_serve->stop(SIGTERM));
    QCOMPARE(m_serve->process().exitCode(), 0);
    QCOMPARE(stored(inside).problems, QStringList());
    QCOMPARE(stored(outside).problems,
        QStringList {QStringLiteral("outside the subscription profile: production is not subscribed to sales")});
    QCOMPARE(stored(undeclared).problems, QStringList()); // an environment without a declaration
    // "With problems only" finds it, as in the window.
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    EventFilter problems;
    problems.problemsOnly = true;
    QCOMPARE(store.ids(problems), QList<qint64> {outside});
}

void TestServeChecks::serveFlagsDriftAgainstTheShapesOfTheHistory()
{
    {
        // Shapes an earlier run (the window's or serve's) learned into this history.
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
        QVERIFY2(store.saveDataShapes({learnedInvoice()}), qPrintable(store.errorString()));
    }
    QVERIFY2(startServe(), m_serve->firstLine().constData());
    const qint64 usual = post(m_serve->port(), webhook("invoices.created"));
    const qint64 drifted = post(m_serve->port(), webhook("invoices.created", "staging", Drifted));
    QVERIFY(usual > 0 && drifted > 0);
    QVERIFY(m_serve->stop(SIGTERM));
    QCOMPARE(stored(usual).problems, QStringList());
    QCOMPARE(stored(drifted).problems, QStringList {DriftProblem});
}

void TestServeChecks::serveFlagsLedgersAfterOtherChannels()
{
    QVERIFY2(startServe(), m_serve->firstLine().constData());
    const qint64 alone = post(m_serve->port(), webhook("ledgers.created", "staging"));
    const qint64 invoice = post(m_serve->port(), webhook("invoices.created", "production"));
    const qint64 ledger = post(m_serve->port(), webhook("ledgers.created", "production"));
    QVERIFY(alone > 0 && invoice > 0 && ledger > 0);
    QVERIFY(m_serve->stop(SIGTERM));
    QCOMPARE(stored(alone).problems, QStringList());
    QCOMPARE(stored(invoice).problems, QStringList());
    const QStringList problems = stored(ledger).problems;
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().startsWith(LedgerProblemStart), qPrintable(problems.constFirst()));
}

void TestServeChecks::serveSavesTheShapesItLearns()
{
    QVERIFY2(startServe(), m_serve->firstLine().constData()); // into a history serve creates
    QVERIFY(post(m_serve->port(), webhook("sales.created")) > 0);
    QVERIFY(post(m_serve->port(), webhook("sales.created")) > 0);
    QVERIFY(m_serve->stop(SIGTERM));
    QCOMPARE(m_serve->process().exitCode(), 0);
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    bool ok = false;
    const QList<LearnedShape> shapes = store.dataShapes(&ok);
    QVERIFY(ok);
    QCOMPARE(shapes.size(), 1);
    QCOMPARE(shapes.constFirst().channel, QStringLiteral("sales"));
    QCOMPARE(shapes.constFirst().events, 2);
    QVERIFY(shapes.constFirst().isRequired(QStringLiteral("data.amount")));
}

void TestServeChecks::channelsOfTheHistoryCountForTheLedgerRule()
{
    {
        // An earlier capture delivered invoices in production.
        ServerConfig plain;
        plain.port = 0;
        CaptureServer server(plain);
        QVERIFY2(server.start(m_history->path()), qPrintable(server.errorString()));
        QVERIFY(post(server.port(), webhook("invoices.created", "production")) > 0);
    }
    const auto capture = [this](bool readHistory) {
        ServerConfig config;
        config.port = 0;
        ProviderChecks::prepare(config, m_history->path());
        ProviderChecks checks;
        checks.adopt(config);
        if (!checks.open(m_history->path())) {
            return QStringList {QStringLiteral("open failed: ") + checks.errorString()};
        }
        CaptureServer server(config);
        if (!server.start(m_history->path())) {
            return QStringList {QStringLiteral("start failed: ") + server.errorString()};
        }
        if (readHistory) {
            QSignalSpy read(&checks, &ProviderChecks::seenChannelsRead);
            checks.readSeenChannels();
            if (!read.wait(10000) || !read.constFirst().constFirst().toString().isEmpty()) {
                return QStringList {QStringLiteral("the history's channels were not read")};
            }
            const QStringList seen = checks.subscriptions()->seen(QStringLiteral("production"));
            if (!seen.contains(QStringLiteral("invoices"))) {
                return QStringList {QStringLiteral("seen: ") + seen.join(QLatin1Char(','))};
            }
        }
        return stored(post(server.port(), webhook("ledgers.created", "production"))).problems;
    };
    // Without the history's channels, a ledgers event looks alone in production...
    QCOMPARE(capture(false), QStringList());
    // ... with them, it breaks the rule (the ledgers event just stored counts too).
    const QStringList problems = capture(true);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.constFirst().startsWith(LedgerProblemStart), qPrintable(problems.constFirst()));
}

void TestServeChecks::prepareLeavesGivenChecksAlone()
{
    SubscriptionProfile profile;
    profile.setChannels(QStringLiteral("staging"), {QStringLiteral("quotes")});
    profile.save();
    ServerConfig config;
    QVERIFY(ProviderChecks::prepare(config, m_history->path())); // no file yet: nothing learned
    QVERIFY(config.drift);
    QCOMPARE(config.drift->historyPath(), m_history->path());
    QCOMPARE(config.subscriptions->profile(), profile);
    const std::shared_ptr<DriftCheck> drift = config.drift;
    QVERIFY(!ProviderChecks::prepare(config, m_history->path()));
    QCOMPARE(config.drift, drift);
    // Loaded before the capture starts, then kept by the keeper's open(): what the capture learned
    // in between is not dropped by reading the history again.
    QVERIFY(
        config.drift->check(QStringLiteral("sales"), QStringLiteral("created"), webhook("sales.created")).isEmpty());
    {
        EventStore store;
        QVERIFY(store.open(m_history->path()));
    }
    ProviderChecks checks;
    checks.adopt(config);
    QVERIFY(checks.open(m_history->path()));
    QCOMPARE(config.drift->shape(QStringLiteral("sales"), QStringLiteral("created")).events, 1);
    QVERIFY(checks.keeper()->saveNow());
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(store.dataShapes().size(), 1);
}

QTEST_GUILESS_MAIN(TestServeChecks)
#include "TestServeChecks.moc"
