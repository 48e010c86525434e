#include "EventStore.h"
#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QQueue>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QtTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace {

constexpr int Senders = 8;

/**
 * One keep-alive client in the test's event loop: keeps @p depth provider webhooks in flight, each
 * with a fresh idempotency key, sends the next as each answer arrives, and records the keys whose
 * 200 came back.
 */
class Sender
{
public:
    Sender(quint16 port, int depth, std::function<void()> onAnswer)
        : m_onAnswer(std::move(onAnswer))
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { readAnswers(); });
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        for (int i = 0; i < depth; ++i) {
            sendNext();
        }
    }

    void stopSending() { m_sending = false; }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    qsizetype inFlight() const { return m_inFlight.size(); }
    const QByteArrayList& acknowledged() const { return m_acknowledged; }
    /// Answers other than 200, or answers to nothing.
    const QByteArrayList& unexpected() const { return m_unexpected; }

private:
    void sendNext()
    {
        const QByteArray key = newKey();
        m_inFlight.enqueue(key);
        m_socket.write(RawHttpClient::post(providerWebhook("business_loans.deleted", key)));
    }

    void readAnswers()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return;
            }
            RawHttpClient::Response r;
            r.head = m_buffer.left(headEnd);
            const qsizetype length = r.header("content-length").toLongLong();
            if (m_buffer.size() < headEnd + 4 + length) {
                return;
            }
            r.status = r.head.mid(9, 3).toInt();
            m_buffer.remove(0, headEnd + 4 + length);
            if (m_inFlight.isEmpty() || r.status != 200) {
                m_unexpected.append(r.head);
            } else {
                m_acknowledged.append(m_inFlight.dequeue());
            }
            if (m_sending) {
                sendNext();
            }
            m_onAnswer();
        }
    }

    QTcpSocket m_socket;
    std::function<void()> m_onAnswer;
    QByteArray m_buffer;
    QQueue<QByteArray> m_inFlight;
    QByteArrayList m_acknowledged;
    QByteArrayList m_unexpected;
    bool m_sending = true;
};

/// PRAGMA integrity_check on a connection of its own: "ok" for a sound file, else what is wrong.
QString integrityCheck(const QString& path)
{
    const QString name = QStringLiteral("integrity-check");
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            result = QStringLiteral("cannot open: ") + db.lastError().text();
        } else {
            QSqlQuery q(db);
            QStringList rows;
            if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) {
                rows.append(q.lastError().text());
            }
            while (q.next()) {
                rows.append(q.value(0).toString());
            }
            result = rows.join(QLatin1Char('\n'));
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void keepsEveryAcknowledgedEvent_data();
    void keepsEveryAcknowledgedEvent();

private:
    void serveAndKill(const QString& db, int acksBeforeKill, int depth, QByteArrayList& acknowledged);
    void checkHistory(const QString& db, const QByteArrayList& acknowledged);
};

void TestCrashRecovery::keepsEveryAcknowledgedEvent_data()
{
    QTest::addColumn<int>("acksBeforeKill");
    QTest::addColumn<int>("depth"); ///< requests in flight per connection
    QTest::newRow("early") << 500 << 1;
    QTest::newRow("pipelined") << 3000 << 4;
    QTest::newRow("late, deeply pipelined") << 15000 << 8;
}

void TestCrashRecovery::keepsEveryAcknowledgedEvent()
{
    QFETCH(int, acksBeforeKill);
    QFETCH(int, depth);
    // The window between an answer and its commit is short: a few crashes per row give a server
    // that answers too early several chances to be caught. Each run after the first starts on
    // the history the previous one crashed on.
    constexpr int Crashes = 5;
    TempHistory history;
    QVERIFY(history.isValid());
    const QString db = history.path();
    QByteArrayList acknowledged;
    for (int crash = 1; crash <= Crashes; ++crash) {
        serveAndKill(db, acksBeforeKill, depth, acknowledged);
        if (QTest::currentTestFailed()) {
            return;
        }
        checkHistory(db, acknowledged);
        if (QTest::currentTestFailed()) {
            qWarning("after crash %d of %d", crash, Crashes);
            return;
        }
    }
}

/// Runs `hookscope serve` on @p db, kills it after @p acksBeforeKill answers, and appends the
/// keys it acknowledged to @p acknowledged.
void TestCrashRecovery::serveAndKill(const QString& db, int acksBeforeKill, int depth, QByteArrayList& acknowledged)
{
    QProcess child;
    child.setProgram(QStringLiteral(HOOKSCOPE_BINARY));
    child.setArguments(
        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db});
    child.start();
    QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)/"));
    QRegularExpressionMatch match;
    QString out;
    const QDeadlineTimer startDeadline(10000);
    while (!match.hasMatch() && child.waitForReadyRead(static_cast<int>(startDeadline.remainingTime()))) {
        out += QString::fromLocal8Bit(child.readAllStandardOutput());
        match = listening.match(out);
    }
    QVERIFY2(match.hasMatch(), qPrintable(out + QString::fromLocal8Bit(child.readAllStandardError())));
    const quint16 port = match.captured(1).toUShort();
    QVERIFY(port != 0);

    // Eight senders in a real event loop (QTRY_* would sleep 10 ms between rounds of events and
    // throttle them); the kill comes from inside an answer's handling, while every sender has
    // requests in flight.
    QEventLoop loop;
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<Sender>> senders;
    int answers = 0;
    bool killed = false;
    qsizetype inFlightAtKill = 0;
    qint64 killedAtMs = 0;
    const auto onAnswer = [&] {
        if (++answers < acksBeforeKill || killed) {
            return;
        }
        child.kill(); // SIGKILL: no shutdown, no last commit, no flush
        killed = true;
        killedAtMs = clock.elapsed();
        for (const auto& s : senders) {
            inFlightAtKill += s->inFlight();
            s->stopSending();
        }
        loop.quit();
    };
    for (int i = 0; i < Senders; ++i) {
        senders.push_back(std::make_unique<Sender>(port, depth, onAnswer));
    }
    loop.exec();
    QVERIFY2(killed, qPrintable(QStringLiteral("only %1 answers in 20 s").arg(answers)));
    QTRY_COMPARE_WITH_TIMEOUT(child.state(), QProcess::NotRunning, 5000); // may have ended inside the wait above
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY2(inFlightAtKill > 0, "the kill came with no request in flight");
    // Answers already on their way count as acknowledged too: the child wrote them before dying.
    const auto allClosed = [&senders] {
        return std::all_of(senders.cbegin(), senders.cend(), [](const auto& s) { return s->isClosed(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allClosed(), 5000);
    qsizetype acknowledgedNow = 0;
    for (const auto& s : senders) {
        QVERIFY2(s->unexpected().isEmpty(), s->unexpected().value(0).constData());
        acknowledged += s->acknowledged();
        acknowledgedNow += s->acknowledged().size();
    }
    QVERIFY(acknowledgedNow >= acksBeforeKill);
    qInfo("killed after %lld ms with %lld requests in flight, %lld acknowledged", static_cast<long long>(killedAtMs),
        static_cast<long long>(inFlightAtKill), static_cast<long long>(acknowledgedNow));
}

/// The history at @p db is sound and holds every key in @p acknowledged.
void TestCrashRecovery::checkHistory(const QString& db, const QByteArrayList& acknowledged)
{
    QCOMPARE(integrityCheck(db), QStringLiteral("ok"));
    QSet<QString> storedKeys;
    {
        EventStore store;
        QVERIFY2(store.open(db, EventStore::OpenMode::MustExist), qPrintable(store.errorString()));
        QVERIFY(store.forEach([&storedKeys](const StoredEvent& e) {
            storedKeys.insert(e.idempotencyKey);
            return true;
        }));
    }
    QByteArrayList lost;
    for (const QByteArray& key : acknowledged) {
        if (!storedKeys.contains(QString::fromLatin1(key))) {
            lost.append(key);
        }
    }
    QVERIFY2(lost.isEmpty(),
        qPrintable(QStringLiteral("%1 of %2 acknowledged events lost, first %3")
                       .arg(lost.size())
                       .arg(acknowledged.size())
                       .arg(QString::fromLatin1(lost.value(0)))));
    QVERIFY(storedKeys.size() >= acknowledged.size());
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "TestCrashRecovery.moc"
