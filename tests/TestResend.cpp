#include "CaptureServer.h"
#include "ChildRun.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "RawHttpClient.h"
#include "ResendCommand.h"
#include "ResendGuard.h"
#include "ResendJob.h"
#include "TargetList.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QMessageAuthenticationCode>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

Q_DECLARE_METATYPE(Delivery)

namespace {

QString binary()
{
    return QString::fromUtf8(HOOKSCOPE_BINARY);
}

/// A history of @p count provider webhooks, alternating staging and production (ids 1, 2, ...).
void fillHistory(const QString& path, int count)
{
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.begin());
    for (int i = 0; i < count; ++i) {
        StoredEvent e;
        e.receivedAtMs = 1795917180000 + i;
        e.method = "POST";
        e.target = "/hooks";
        e.path = "/hooks";
        e.httpVersion = "HTTP/1.1";
        e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
        const QByteArray environment = i % 2 == 0 ? "staging" : "production";
        const QByteArray key = newKey();
        e.body = providerWebhook("invoices.created", key, environment);
        e.idempotencyKey = QString::fromLatin1(key);
        e.environment = QString::fromLatin1(environment);
        e.responseStatus = 200;
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
    }
    QVERIFY(store.commit());
}

qint64 countEvents(const QString& path)
{
    EventStore store;
    return store.open(path, EventStore::OpenMode::MustExist) ? store.count() : -1;
}

} // namespace

class TestResend : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void guard_data();
    void guard();
    void parseIds_data();
    void parseIds();
    void targetListRemembers();
    void jobSendsEveryEventAndRecordsIt();
    void jobSignsWithTheTargetsSecret();
    void jobCancels();
    void commandPrintsEachOutcome();
    void commandFailsWhenATargetFails();
    void commandRefusesBadInput_data();
    void commandRefusesBadInput();
    void commandGuardRailNeedsYes();
    void forwardSendsEveryCapturedEvent();
    void forwardToADeadTargetKeepsCapturing();
    void forwardHoldsBackAnotherEnvironment();

private:
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<TempHistory> m_source;
    std::unique_ptr<TempHistory> m_targetHistory;
    std::unique_ptr<CaptureServer> m_target;
};

void TestResend::initTestCase()
{
    qRegisterMetaType<Delivery>();
}

void TestResend::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    // This process's QSettings (the target list) land in the temporary home, never the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home->path() + QStringLiteral("/config"));
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestResend"));
    m_source = std::make_unique<TempHistory>();
    fillHistory(m_source->path(), 6);
    m_targetHistory = std::make_unique<TempHistory>();
    ServerConfig config;
    config.port = 0;
    m_target = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_target->start(m_targetHistory->path()), qPrintable(m_target->errorString()));
}

void TestResend::cleanup()
{
    m_target.reset();
    m_targetHistory.reset();
    m_source.reset();
    m_home.reset();
}

void TestResend::guard_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("asks");

    const QString staging = QStringLiteral("staging");
    const QString production = QStringLiteral("production");
    QTest::newRow("production to staging") << production << staging << true;
    QTest::newRow("staging to production") << staging << production << true;
    QTest::newRow("same: production") << production << production << false;
    QTest::newRow("same: staging") << staging << staging << false;
    QTest::newRow("unmarked target") << production << QString() << false;
    QTest::newRow("event of no environment") << QString() << production << false;
    QTest::newRow("event of an unknown environment") << QStringLiteral("qa") << production << false;
}

void TestResend::guard()
{
    QFETCH(QString, event);
    QFETCH(QString, target);
    QFETCH(bool, asks);
    const QString mismatch = ResendGuard::mismatch(event, target);
    QCOMPARE(!mismatch.isEmpty(), asks);
    if (asks) {
        QVERIFY(mismatch.contains(event) && mismatch.contains(target));
    }
}

void TestResend::parseIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<qint64>>("ids");

    QTest::newRow("one") << QStringLiteral("12") << true << QList<qint64> {12};
    QTest::newRow("several, spaces") << QStringLiteral("12, 13,20") << true << QList<qint64> {12, 13, 20};
    QTest::newRow("empty") << QString() << false << QList<qint64>();
    QTest::newRow("zero") << QStringLiteral("0") << false << QList<qint64>();
    QTest::newRow("negative") << QStringLiteral("-3") << false << QList<qint64>();
    QTest::newRow("trailing comma") << QStringLiteral("3,") << false << QList<qint64>();
    QTest::newRow("word") << QStringLiteral("3,x") << false << QList<qint64>();
}

void TestResend::parseIds()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QList<qint64>, ids);
    QList<qint64> parsed;
    QCOMPARE(ResendCommand::parseIds(text, &parsed), ok);
    if (ok) {
        QCOMPARE(parsed, ids);
    }
}

void TestResend::targetListRemembers()
{
    for (int i = 0; i < TargetList::MaxRecent + 3; ++i) {
        DeliveryTarget t;
        t.url = QUrl(QStringLiteral("http://localhost:%1/in").arg(3000 + i));
        TargetList::remember(t);
    }
    DeliveryTarget marked;
    marked.url = QUrl(QStringLiteral("https://staging.example.test/hooks"));
    marked.environment = QStringLiteral("staging");
    marked.authKind = TargetAuth::Kind::HmacSha256;
    marked.signatureHeader = "X-Hub-Signature-256";
    marked.signatureEncoding = TargetAuth::Encoding::Base64;
    marked.lastUsedMs = 1795917180000;
    TargetList::remember(marked);

    const QList<DeliveryTarget> recent = TargetList::recent();
    QCOMPARE(recent.size(), TargetList::MaxRecent);
    QCOMPARE(recent.first().url, marked.url); // most recent first
    QCOMPARE(recent.at(1).url, QUrl(QStringLiteral("http://localhost:3022/in")));
    const std::optional<DeliveryTarget> found = TargetList::find(marked.url);
    QVERIFY(found.has_value());
    QCOMPARE(found->environment, QStringLiteral("staging"));
    QCOMPARE(found->authKind, TargetAuth::Kind::HmacSha256);
    QCOMPARE(found->signatureHeader, QByteArray("X-Hub-Signature-256"));
    QCOMPARE(found->signatureEncoding, TargetAuth::Encoding::Base64);
    QCOMPARE(found->lastUsedMs, marked.lastUsedMs);
    QCOMPARE(found->secretKey(), QStringLiteral("target:https://staging.example.test/hooks"));
    TargetList::forget(marked.url);
    QVERIFY(!TargetList::find(marked.url).has_value());
    QCOMPARE(TargetList::recent().size(), TargetList::MaxRecent - 1);
}

void TestResend::jobSendsEveryEventAndRecordsIt()
{
    ResendOptions options;
    options.target.url = QUrl(m_target->url() + QStringLiteral("replay"));
    options.key = OutgoingRequest::Key::Fresh;
    ResendJob job(m_source->path(), {1, 2, 3, 4, 5, 6}, options);
    QSignalSpy delivered(&job, &ResendJob::delivered);
    QSignalSpy progress(&job, &ResendJob::progress);
    QSignalSpy finished(&job, &ResendJob::finished);
    QVERIFY2(job.start(), qPrintable(job.errorString()));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first(), (QList<QVariant> {6, 0, 0}));
    QCOMPARE(delivered.size(), 6);
    QCOMPARE(progress.last(), (QList<QVariant> {6, 6}));
    QTRY_COMPARE(countEvents(m_targetHistory->path()), 6);

    EventStore source;
    QVERIFY(source.open(m_source->path(), EventStore::OpenMode::MustExist));
    EventStore target;
    QVERIFY(target.open(m_targetHistory->path(), EventStore::OpenMode::MustExist));
    QSet<QString> sentKeys;
    for (qint64 id = 1; id <= 6; ++id) {
        const QList<Delivery> attempts = source.deliveries(id);
        QCOMPARE(attempts.size(), 1);
        const Delivery& d = attempts.first();
        QVERIFY(d.id > 0);
        QCOMPARE(d.status, 200);
        QCOMPARE(d.target, options.target.url.toString());
        QVERIFY(d.responseBody.startsWith("{\"ok\":true"));
        QVERIFY(d.idempotencyKey != source.event(id).idempotencyKey); // a fresh key each
        sentKeys.insert(d.idempotencyKey);
    }
    QSet<QString> receivedKeys;
    target.forEach([&](const StoredEvent& e) {
        receivedKeys.insert(e.idempotencyKey);
        return true;
    });
    QCOMPARE(receivedKeys, sentKeys);
}

void TestResend::jobSignsWithTheTargetsSecret()
{
    ResendOptions options;
    options.target.url = QUrl(m_target->url());
    options.auth.kind = TargetAuth::Kind::HmacSha256;
    options.auth.secret = "whsec_test";
    options.auth.headerName = "X-Signature";
    ResendJob job(m_source->path(), {3}, options);
    QSignalSpy finished(&job, &ResendJob::finished);
    QVERIFY(job.start());
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE(countEvents(m_targetHistory->path()), 1);
    EventStore target;
    QVERIFY(target.open(m_targetHistory->path(), EventStore::OpenMode::MustExist));
    const StoredEvent received = target.event(1);
    QByteArray signature;
    for (const HttpHeader& h : received.headers) {
        if (h.name.compare("x-signature", Qt::CaseInsensitive) == 0) {
            signature = h.value;
        }
    }
    QCOMPARE(
        signature, QMessageAuthenticationCode::hash(received.body, "whsec_test", QCryptographicHash::Sha256).toHex());
}

void TestResend::jobCancels()
{
    QTcpServer silent; // accepts, never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ResendOptions options;
    options.target.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
    options.concurrency = 2;
    ResendJob job(m_source->path(), {1, 2, 3, 4, 5, 6}, options);
    QSignalSpy finished(&job, &ResendJob::finished);
    QVERIFY(job.start());
    QTest::qWait(200);
    job.cancel();
    QVERIFY(finished.size() == 1 || finished.wait(5000));
    QCOMPARE(finished.first(), (QList<QVariant> {0, 0, 6}));
    // Abandoned attempts are not delivery records: nothing came back from the target.
    EventStore source;
    QVERIFY(source.open(m_source->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(source.recentDeliveries().size(), 0);
}

void TestResend::commandPrintsEachOutcome()
{
    const ChildRun r = ChildRun::run(binary(),
        {QStringLiteral("resend"), QStringLiteral("--db"), m_source->path(), QStringLiteral("--id"),
            QStringLiteral("2,1"), QStringLiteral("--to"), m_target->url() + QStringLiteral("cli")},
        m_home->path());
    QVERIFY2(r.finished && r.exitCode == 0, r.describe().constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    for (const QByteArray& line : lines) {
        QVERIFY2(QRegularExpression(QStringLiteral("^#[12] -> 200 OK in \\d+ ms$"))
                     .match(QString::fromUtf8(line))
                     .hasMatch(),
            line.constData());
    }
    QTRY_COMPARE(countEvents(m_targetHistory->path()), 2);
    EventStore source;
    QVERIFY(source.open(m_source->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(source.deliveries(1).size(), 1);
    QCOMPARE(source.deliveries(2).size(), 1);
    // The same key by default: the target sees the original delivery again.
    QVERIFY(!source.event(1).idempotencyKey.isEmpty());
    QCOMPARE(source.deliveries(1).first().idempotencyKey, source.event(1).idempotencyKey);
}

void TestResend::commandFailsWhenATargetFails()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const ChildRun r = ChildRun::run(binary(),
        {QStringLiteral("resend"), QStringLiteral("--db"), m_source->path(), QStringLiteral("--id"),
            QStringLiteral("1"), QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:%1/").arg(port)},
        m_home->path());
    QVERIFY2(r.finished && r.exitCode == 1, r.describe().constData());
    QVERIFY2(r.out.startsWith("#1 -> failed: ") && r.out.toLower().contains("refused"), r.describe().constData());
    EventStore source;
    QVERIFY(source.open(m_source->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(source.deliveries(1).size(), 1);
    QVERIFY(!source.deliveries(1).first().error.isEmpty());
}

void TestResend::commandRefusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("no --id") << QStringList {QStringLiteral("--to"), QStringLiteral("http://localhost/")}
                             << QStringLiteral("--id needs event ids");
    QTest::newRow("bad --id") << QStringList {QStringLiteral("--id"), QStringLiteral("x"), QStringLiteral("--to"),
        QStringLiteral("http://localhost/")}
                              << QStringLiteral("--id needs event ids");
    QTest::newRow("no --to") << QStringList {QStringLiteral("--id"), QStringLiteral("1")}
                             << QStringLiteral("--to URL is needed");
    QTest::newRow("not http") << QStringList {QStringLiteral("--id"), QStringLiteral("1"), QStringLiteral("--to"),
        QStringLiteral("ftp://localhost/")}
                              << QStringLiteral("is not an http:// or https:// URL");
    QTest::newRow("no host") << QStringList {QStringLiteral("--id"), QStringLiteral("1"), QStringLiteral("--to"),
        QStringLiteral("http:///x")}
                             << QStringLiteral("is not an http:// or https:// URL");
    QTest::newRow("unknown id") << QStringList {QStringLiteral("--id"), QStringLiteral("1,99"), QStringLiteral("--to"),
        QStringLiteral("http://localhost/")}
                                << QStringLiteral("no event #99");
    QTest::newRow("bad environment") << QStringList {QStringLiteral("--id"), QStringLiteral("1"),
        QStringLiteral("--to"), QStringLiteral("http://localhost/"), QStringLiteral("--target-environment"),
        QStringLiteral("prod")} << QStringLiteral("is not staging or production");
    QTest::newRow("bad timeout") << QStringList {QStringLiteral("--id"), QStringLiteral("1"), QStringLiteral("--to"),
        QStringLiteral("http://localhost/"), QStringLiteral("--timeout"), QStringLiteral("-1")}
                                 << QStringLiteral("--timeout '-1'");
}

void TestResend::commandRefusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const QByteArray before = QFile(m_source->path()).exists() ? QByteArray("exists") : QByteArray();
    const ChildRun r = ChildRun::run(binary(),
        QStringList {QStringLiteral("resend"), QStringLiteral("--db"), m_source->path()} + arguments, m_home->path());
    QVERIFY2(r.finished && r.exitCode == 2, r.describe().constData());
    QVERIFY2(r.out.isEmpty(), r.describe().constData());
    QCOMPARE(r.err.count('\n'), 1); // one line
    QVERIFY2(r.err.contains(message.toUtf8()), r.describe().constData());
    QVERIFY(!before.isEmpty());
    EventStore source;
    QVERIFY(source.open(m_source->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(source.count(), 6);
    QCOMPARE(source.recentDeliveries().size(), 0);
}

void TestResend::commandGuardRailNeedsYes()
{
    // Event 2 is a production event; the target is marked staging.
    const QStringList arguments {QStringLiteral("resend"), QStringLiteral("--db"), m_source->path(),
        QStringLiteral("--id"), QStringLiteral("1,2"), QStringLiteral("--to"), m_target->url(),
        QStringLiteral("--target-environment"), QStringLiteral("staging")};
    const ChildRun refused = ChildRun::run(binary(), arguments, m_home->path());
    QVERIFY2(refused.finished && refused.exitCode == 2, refused.describe().constData());
    QVERIFY2(refused.err.contains("#2: This is a production event, and the target is marked staging.")
            && refused.err.contains("--yes"),
        refused.describe().constData());
    QCOMPARE(countEvents(m_targetHistory->path()), 0); // nothing sent, not even event 1

    // The marking was not remembered from a refused run... but a confirmed one sends both.
    const ChildRun confirmed
        = ChildRun::run(binary(), arguments + QStringList {QStringLiteral("--yes")}, m_home->path());
    QVERIFY2(confirmed.finished && confirmed.exitCode == 0, confirmed.describe().constData());
    QTRY_COMPARE(countEvents(m_targetHistory->path()), 2);

    // Now remembered: the same target, unmarked on this command line, still guards.
    const ChildRun again = ChildRun::run(binary(),
        {QStringLiteral("resend"), QStringLiteral("--db"), m_source->path(), QStringLiteral("--id"),
            QStringLiteral("2"), QStringLiteral("--to"), m_target->url()},
        m_home->path());
    QVERIFY2(again.finished && again.exitCode == 2, again.describe().constData());
    // The settings file holds the target, never a secret or a body.
    QDirIterator files(m_home->path() + QStringLiteral("/config"), QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(files.hasNext());
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.contains(m_target->url().toUtf8()), text.constData());
        QVERIFY(!text.contains("idempotency_key"));
    }
}

/// Posts @p count provider webhooks of @p environment to @p port on one connection; how many got a 200.
int postWebhooks(quint16 port, int count, const QByteArray& environment = "staging")
{
    RawHttpClient client;
    if (!client.connectTo(port)) {
        return 0;
    }
    int stored = 0;
    for (int i = 0; i < count; ++i) {
        client.send(RawHttpClient::post(providerWebhook("invoices.created", newKey(), environment)));
        stored += client.readResponse().status == 200 ? 1 : 0;
    }
    return stored;
}

void TestResend::forwardSendsEveryCapturedEvent()
{
    TempHistory captured;
    ChildServer forward(m_home->path());
    QVERIFY(forward.start(binary(),
        {QStringLiteral("forward"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            captured.path(), QStringLiteral("--to"), m_target->url() + QStringLiteral("forwarded")}));
    QVERIFY2(forward.port() != 0, forward.firstLine().constData());
    QCOMPARE(postWebhooks(forward.port(), 5), 5);
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(m_targetHistory->path()), 5, 20000);
    QVERIFY(forward.stop(SIGTERM));
    const QByteArray out = forward.process().readAllStandardOutput();
    QVERIFY2(forward.process().exitCode() == 0, out + forward.process().readAllStandardError());
    QCOMPARE(out.count(" -> 200 OK in "), 5);
    EventStore store;
    QVERIFY(store.open(captured.path(), EventStore::OpenMode::MustExist));
    QCOMPARE(store.recentDeliveries().size(), 5);
    for (qint64 id = 1; id <= 5; ++id) {
        QCOMPARE(store.deliveries(id).size(), 1);
        QCOMPARE(store.deliveries(id).first().target, m_target->url() + QStringLiteral("forwarded"));
    }
}

void TestResend::forwardToADeadTargetKeepsCapturing()
{
    QTcpServer silent; // takes connections, never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    TempHistory captured;
    ChildServer forward(m_home->path());
    QVERIFY(forward.start(binary(),
        {QStringLiteral("forward"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            captured.path(), QStringLiteral("--to"), QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()),
            QStringLiteral("--timeout"), QStringLiteral("1")}));
    // Every webhook is answered and stored while the target swallows the forwards.
    QCOMPARE(postWebhooks(forward.port(), 200), 200);
    QCOMPARE(countEvents(captured.path()), 200);
    QVERIFY(forward.stop(SIGTERM));
    QCOMPARE(forward.process().exitStatus(), QProcess::NormalExit);
}

void TestResend::forwardHoldsBackAnotherEnvironment()
{
    TempHistory captured;
    ChildServer forward(m_home->path());
    QVERIFY(forward.start(binary(),
        {QStringLiteral("forward"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            captured.path(), QStringLiteral("--to"), m_target->url(), QStringLiteral("--target-environment"),
            QStringLiteral("staging")}));
    QCOMPARE(postWebhooks(forward.port(), 1, "production"), 1);
    QCOMPARE(postWebhooks(forward.port(), 1, "staging"), 1);
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(m_targetHistory->path()), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(forward.process().canReadLine(), 5000);
    EventStore store;
    QVERIFY(store.open(captured.path(), EventStore::OpenMode::MustExist));
    QTRY_COMPARE(store.recentDeliveries().size(), 2);
    QVERIFY(forward.stop(SIGTERM));
    QCOMPARE(forward.process().exitCode(), 1); // one event was not forwarded
    const QByteArray out = forward.process().readAllStandardOutput();
    QVERIFY2(out.contains("#1 -> failed: held back: This is a production event, and the target is marked staging."),
        out.constData());
    QVERIFY2(out.contains("#2 -> 200 OK"), out.constData());
    EventStore target;
    QVERIFY(target.open(m_targetHistory->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(target.event(1).environment, QStringLiteral("staging"));
}

QTEST_GUILESS_MAIN(TestResend)
#include "TestResend.moc"
