#include "CaptureServer.h"
#include "EventActions.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include <memory>

/// The table's context menu and shortcuts, in the window under QT_QPA_PLATFORM=offscreen, with a
/// real server on a free port and a real history.
class TestEventActions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void actionsSitInTheContextMenu();
    void actionsNeedASelection();
    void copyBodyAndKey();
    void copyBodyOfBinaryIsBase64();
    void copyCurlCommand();
    void deleteAsksFirst();
    void deleteSelectedRows();
    void deletingAFirstCopyRepointsItsRetries();
    void clearHistory();
    void deleteWhileCapturing();

private:
    qint64 post(const QByteArray& body);
    /// Selects the rows showing @p ids (the first of them current).
    void select(const QList<qint64>& ids);
    void trigger(const char* objectName);
    QList<qint64> historyIds();
    QAction* action(const char* objectName) const
    {
        return m_window->findChild<QAction*>(QString::fromLatin1(objectName));
    }

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_questions;
    QStringList m_warnings;
    bool m_answer = true;
};

void TestEventActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestEventActions"));
    QSettings().clear();
}

void TestEventActions::init()
{
    m_history = std::make_unique<TempHistory>();
    {
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
    }
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY(m_server->start(m_history->path()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_questions.clear();
    m_answer = true;
    m_window->eventActions()->setConfirm([this](const QString& question) {
        m_questions.append(question);
        return m_answer;
    });
    m_warnings.clear();
    m_window->eventActions()->setWarn([this](const QString& message) { m_warnings.append(message); });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestEventActions::cleanup()
{
    QVERIFY2(m_warnings.isEmpty(), qPrintable(m_warnings.join(QLatin1Char('\n'))));
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

qint64 TestEventActions::post(const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

void TestEventActions::select(const QList<qint64>& ids)
{
    QTableView* table = m_window->table();
    table->setFocus();
    table->clearSelection();
    for (const qint64 id : ids) {
        const int row = m_model->rowOf(id);
        QVERIFY(row >= 0);
        table->selectionModel()->select(
            m_model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    table->selectionModel()->setCurrentIndex(
        m_model->index(m_model->rowOf(ids.first()), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void TestEventActions::trigger(const char* objectName)
{
    QAction* a = action(objectName);
    QVERIFY2(a, objectName);
    QVERIFY2(a->isEnabled(), objectName);
    a->trigger();
}

QList<qint64> TestEventActions::historyIds()
{
    EventStore store;
    if (!store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return {};
    }
    return store.ids(EventFilter());
}

void TestEventActions::actionsSitInTheContextMenu()
{
    QTableView* table = m_window->table();
    QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);
    for (const char* name :
        {"copyBodyAction", "copyKeyAction", "copyCurlAction", "deleteAction", "clearHistoryAction"}) {
        QAction* a = action(name);
        QVERIFY2(a, name);
        QVERIFY2(table->actions().contains(a), name);
        QVERIFY2(!a->shortcut().isEmpty(), name);
    }
    QCOMPARE(action("copyBodyAction")->shortcut(), QKeySequence(QKeySequence::Copy));
    QCOMPARE(action("deleteAction")->shortcut(), QKeySequence(QKeySequence::Delete));
}

void TestEventActions::actionsNeedASelection()
{
    QVERIFY(!action("copyBodyAction")->isEnabled());
    QVERIFY(!action("clearHistoryAction")->isEnabled()); // nothing to clear yet
    const qint64 id = post(providerWebhook("invoices.created", newKey()));
    const qint64 keyless = post("a=b");
    QTRY_COMPARE(m_model->rowCount(), 2);
    for (const char* name : {"copyBodyAction", "copyKeyAction", "copyCurlAction", "deleteAction"}) {
        QVERIFY2(!action(name)->isEnabled(), name);
    }
    QVERIFY(action("clearHistoryAction")->isEnabled());
    select({id});
    for (const char* name : {"copyBodyAction", "copyKeyAction", "copyCurlAction", "deleteAction"}) {
        QVERIFY2(action(name)->isEnabled(), name);
    }
    select({keyless});
    QVERIFY(!action("copyKeyAction")->isEnabled()); // no key to copy
    QVERIFY(action("copyBodyAction")->isEnabled());
    m_window->table()->clearSelection();
    QVERIFY(!action("deleteAction")->isEnabled());
    QVERIFY(!action("copyBodyAction")->isEnabled());
}

void TestEventActions::copyBodyAndKey()
{
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("clients.updated", key);
    const qint64 id = post(body);
    QTRY_COMPARE(m_model->rowCount(), 1);
    select({id});
    QGuiApplication::clipboard()->clear();
    // Ctrl+C on the table, as a user would.
    QTest::keyClick(m_window->table(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromUtf8(body));
    trigger("copyKeyAction");
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromLatin1(key));
}

void TestEventActions::copyBodyOfBinaryIsBase64()
{
    const QByteArray body("\x00\x01\xfe\xff binary", 11);
    const qint64 id = post(body);
    QTRY_COMPARE(m_model->rowCount(), 1);
    select({id});
    trigger("copyBodyAction");
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromLatin1(body.toBase64()));
}

void TestEventActions::copyCurlCommand()
{
    const qint64 id = post(providerWebhook("invoices.created", newKey()));
    QTRY_COMPARE(m_model->rowCount(), 1);
    select({id});
    trigger("copyCurlAction");
    const QString command = QGuiApplication::clipboard()->text();
    QVERIFY2(
        command.startsWith(QStringLiteral("curl -X 'POST' '%1webhook'").arg(m_server->url())), qPrintable(command));
    QVERIFY(command.contains(QLatin1String("--data-binary")));
}

void TestEventActions::deleteAsksFirst()
{
    const qint64 id = post(providerWebhook("invoices.created", newKey()));
    QTRY_COMPARE(m_model->rowCount(), 1);
    select({id});
    m_answer = false;
    QTest::keyClick(m_window->table(), Qt::Key_Delete);
    QCOMPARE(m_questions.size(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(historyIds(), QList<qint64>({id}));
}

void TestEventActions::deleteSelectedRows()
{
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        ids.append(post(providerWebhook("invoices.created", newKey())));
    }
    QTRY_COMPARE(m_model->rowCount(), 4);
    select({ids.at(1), ids.at(3)});
    QTest::keyClick(m_window->table(), Qt::Key_Delete);
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions.first().contains(QLatin1Char('2')), qPrintable(m_questions.first()));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->rowOf(ids.at(1)), -1);
    QCOMPARE(m_model->rowOf(ids.at(3)), -1);
    QCOMPARE(m_model->totalCount(), 2);
    QCOMPARE(historyIds(), QList<qint64>({ids.at(2), ids.at(0)}));
    QVERIFY(!action("deleteAction")->isEnabled());
    // Capture goes on into the same history, and the table shows what arrives.
    const qint64 later = post(providerWebhook("invoices.created", newKey()));
    QVERIFY(later > 0);
    QTRY_COMPARE(m_model->rowCount(), 3);
}

void TestEventActions::deletingAFirstCopyRepointsItsRetries()
{
    const QByteArray key = newKey();
    const qint64 first = post(providerWebhook("invoices.created", key));
    const qint64 second = post(providerWebhook("invoices.created", key));
    const qint64 third = post(providerWebhook("invoices.created", key));
    QTRY_COMPARE(m_model->rowCount(), 3);
    select({first});
    trigger("deleteAction");
    QCOMPARE(m_model->rowCount(), 2);
    {
        EventStore store;
        QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
        QCOMPARE(store.event(second).duplicateOf, 0);
        QCOMPARE(store.event(third).duplicateOf, second);
        QCOMPARE(store.copies(third), QList<qint64>({second, third}));
    }
    QCOMPARE(m_model->duplicateCount(), 1);
    QCOMPARE(m_model->index(m_model->rowOf(second), 0).data(EventTableModel::CopiesRole).toInt(), 2);
    QCOMPARE(m_model->index(m_model->rowOf(third), 0).data(EventTableModel::DuplicateOfRole).toLongLong(), second);
    // A retry that arrives now is a copy of the new first one.
    const qint64 fourth = post(providerWebhook("invoices.created", key));
    QTRY_COMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->index(m_model->rowOf(fourth), 0).data(EventTableModel::DuplicateOfRole).toLongLong(), second);

    // Deleting the first two copies at once leaves the last one alone, not a retry.
    select({second, third});
    trigger("deleteAction");
    QCOMPARE(m_model->rowCount(), 1);
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(store.event(fourth).duplicateOf, 0);
    QCOMPARE(m_model->duplicateCount(), 0);
}

void TestEventActions::clearHistory()
{
    for (int i = 0; i < 3; ++i) {
        QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    }
    QTRY_COMPARE(m_model->rowCount(), 3);
    m_answer = false;
    trigger("clearHistoryAction");
    QCOMPARE(m_questions.size(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(historyIds().size(), 3);
    m_answer = true;
    trigger("clearHistoryAction");
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), 0);
    QCOMPARE(historyIds().size(), 0);
    QVERIFY(!action("clearHistoryAction")->isEnabled());
    QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    QTRY_COMPARE(m_model->rowCount(), 1);
}

void TestEventActions::deleteWhileCapturing()
{
    QList<qint64> old;
    for (int i = 0; i < 20; ++i) {
        old.append(post(providerWebhook("invoices.created", newKey())));
    }
    QTRY_COMPARE(m_model->rowCount(), 20);
    // Another process posts while the window deletes: both wait for the other's transaction.
    QProcess sender;
    sender.start(QStringLiteral("bash"),
        {QStringLiteral("-c"),
            QStringLiteral(
                "for i in $(seq 60); do curl -s -o /dev/null --fail -X POST %1late -d \"$i\" || exit 1; done")
                .arg(m_server->url())});
    QVERIFY(sender.waitForStarted());
    for (qsizetype i = 0; i < old.size(); i += 4) {
        select(old.mid(i, 4));
        trigger("deleteAction");
        QCoreApplication::processEvents();
    }
    QVERIFY(sender.waitForFinished(30000));
    QCOMPARE(sender.exitCode(), 0);
    QTRY_COMPARE(m_model->rowCount(), 60);
    QCOMPARE(historyIds().size(), 60);
    for (const qint64 id : old) {
        QCOMPARE(m_model->rowOf(id), -1);
    }
}

QTEST_MAIN(TestEventActions)
#include "TestEventActions.moc"
