#include "Catalog.h"
#include "EventStore.h"
#include "TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QtTest>

/// Runs the built hookscope-generate and checks that the history it writes has what the window
/// benchmarks rely on.
class TestGenerator : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Run generate(const QStringList& arguments)
    {
        QProcess process;
        process.start(QStringLiteral(HOOKSCOPE_GENERATOR), arguments);
        Run run;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    /// Every stored field of every event, one line each, to compare two histories.
    static QByteArrayList dump(const QString& path)
    {
        EventStore store;
        QByteArrayList lines;
        if (!store.open(path, EventStore::OpenMode::MustExist)) {
            return lines;
        }
        store.forEach([&lines](const StoredEvent& e) {
            lines.append(QByteArray::number(e.receivedAtMs) + ' ' + e.remote.toUtf8() + ' '
                + StoredEvent::encodeHeaders(e.headers) + e.body + ' ' + QByteArray::number(e.duplicateOf));
            return true;
        });
        return lines;
    }

    TempHistory m_dir;

private slots:
    void historyHasWhatTheBenchmarksNeed()
    {
        const qint64 count = 2000;
        const QString path = m_dir.path(QStringLiteral("generated.sqlite"));
        const Run run = generate({QStringLiteral("--db"), path, QStringLiteral("--count"), QString::number(count),
            QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--span"), QStringLiteral("2")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("2000 events ("), run.out.constData());

        EventStore store;
        QVERIFY2(store.open(path, EventStore::OpenMode::MustExist), qPrintable(store.errorString()));
        QCOMPARE(store.count(), count);

        QSet<QString> events;
        QSet<QString> environments;
        QSet<QString> keys;
        qint64 duplicates = 0;
        qint64 withProblems = 0;
        qint64 previousId = 0;
        qint64 previousTime = 0;
        qint64 firstTime = 0;
        bool ordered = true;
        bool asCaptured = true;
        QHash<QByteArray, int> actionsPerResource;
        store.forEach([&](const StoredEvent& e) {
            if (e.problems.isEmpty()) {
                events.insert(e.event);
                environments.insert(e.environment);
                // created and later updated or deleted: the same channel and data.id.
                const qsizetype at = e.body.indexOf("\"data\":{\"id\":");
                if (at > 0 && e.duplicateOf == 0) {
                    const QByteArray id = e.body.mid(at + 13, e.body.indexOf(',', at) - at - 13);
                    actionsPerResource[e.channel.toUtf8() + '/' + id] += 1;
                }
            } else {
                ++withProblems;
            }
            duplicates += e.duplicateOf > 0 ? 1 : 0;
            keys.insert(e.idempotencyKey);
            ordered = ordered && e.id > previousId && e.receivedAtMs >= previousTime;
            firstTime = firstTime ? firstTime : e.receivedAtMs;
            previousId = e.id;
            previousTime = e.receivedAtMs;
            asCaptured = asCaptured && e.method == "POST" && e.httpVersion == "HTTP/1.1" && e.responseStatus == 200
                && e.remote.startsWith(QLatin1String("127.0.0.1:")) && e.headers.size() >= 4
                && e.headers.at(0).name == "Host" && e.headers.at(3).value == QByteArray::number(e.body.size())
                && e.body.size() >= 100 && e.body.size() <= 4000;
            return true;
        });

        int events77 = 0;
        for (const Catalog::Channel& channel : Catalog::builtIn().channels()) {
            for (const QString& action : channel.actions) {
                events77 += events.contains(channel.channel + QLatin1Char('.') + action) ? 1 : 0;
            }
        }
        QCOMPARE(events77, Catalog::builtIn().eventCount());
        QCOMPARE(events.size(), Catalog::builtIn().eventCount());
        QCOMPARE(environments, QSet<QString>({QStringLiteral("staging"), QStringLiteral("production")}));
        QVERIFY2(duplicates > 0 && duplicates < count / 10, qPrintable(QString::number(duplicates)));
        QVERIFY2(withProblems > 0 && withProblems < count / 20, qPrintable(QString::number(withProblems)));
        QVERIFY(ordered);
        QVERIFY(asCaptured);
        // Two days, from the default start.
        QCOMPARE(firstTime / 86400000,
            QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch() / 86400000);
        // The gaps jitter around span / count, so the last event lands near the end of the span.
        const qint64 spanned = previousTime - firstTime;
        QVERIFY2(spanned > 18 * 8640000 && spanned < 22 * 8640000, qPrintable(QString::number(spanned)));
        int resourcesWithHistory = 0;
        for (const int actions : std::as_const(actionsPerResource)) {
            resourcesWithHistory += actions >= 2 ? 1 : 0;
        }
        QVERIFY2(resourcesWithHistory > 50, qPrintable(QString::number(resourcesWithHistory)));
    }

    void sameSeedSameHistory()
    {
        const QString a = m_dir.path(QStringLiteral("a.sqlite"));
        const QString b = m_dir.path(QStringLiteral("b.sqlite"));
        const QString c = m_dir.path(QStringLiteral("c.sqlite"));
        for (const auto& [path, seed] : {std::pair(a, 3), std::pair(b, 3), std::pair(c, 4)}) {
            QCOMPARE(generate({QStringLiteral("--db"), path, QStringLiteral("--count"), QStringLiteral("300"),
                                  QStringLiteral("--seed"), QString::number(seed)})
                         .exitCode,
                0);
        }
        const QByteArrayList first = dump(a);
        QCOMPARE(first.size(), 300);
        QCOMPARE(dump(b), first);
        QVERIFY(dump(c) != first);
    }

    void refusesAnExistingHistoryUnlessAppending()
    {
        const QString path = m_dir.path(QStringLiteral("existing.sqlite"));
        const QStringList arguments = {QStringLiteral("--db"), path, QStringLiteral("--count"), QStringLiteral("100")};
        QCOMPARE(generate(arguments).exitCode, 0);
        const Run refused = generate(arguments);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("--append"), refused.err.constData());

        QCOMPARE(generate(arguments + QStringList {QStringLiteral("--append")}).exitCode, 0);
        EventStore store;
        QVERIFY(store.open(path, EventStore::OpenMode::MustExist));
        QCOMPARE(store.count(), 200);
        // The second run's keys are new and its times follow the first run's.
        EventFilter duplicatesOnly;
        duplicatesOnly.duplicatesOnly = true;
        QVERIFY(store.count(duplicatesOnly) < 20);
        qint64 previous = 0;
        bool ordered = true;
        store.forEach([&](const StoredEvent& e) {
            ordered = ordered && e.receivedAtMs >= previous;
            previous = e.receivedAtMs;
            return true;
        });
        QVERIFY(ordered);
    }

    void usageErrors()
    {
        QCOMPARE(generate({QStringLiteral("--count"), QStringLiteral("10")}).exitCode, 2);
        QCOMPARE(generate({QStringLiteral("--db"), m_dir.path(QStringLiteral("x.sqlite"))}).exitCode, 2);
        QCOMPARE(generate({QStringLiteral("--db"), m_dir.path(QStringLiteral("x.sqlite")), QStringLiteral("--count"),
                              QStringLiteral("10"), QStringLiteral("--start"), QStringLiteral("yesterday")})
                     .exitCode,
            2);
        QVERIFY(!QFile::exists(m_dir.path(QStringLiteral("x.sqlite"))));
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "TestGenerator.moc"
