#include "AutoForward.h"
#include "BulkResendDialog.h"
#include "CaptureServer.h"
#include "DeliveriesView.h"
#include "DeliveryListModel.h"
#include "DeliveryLog.h"
#include "DeliveryTools.h"
#include "DetailPane.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "ForwardDialog.h"
#include "RequestEditor.h"
#include "RequestSender.h"
#include "ResendController.h"
#include "ResendDialog.h"
#include "ResendJob.h"
#include "TargetList.h"
#include "TargetPicker.h"
#include "WindowHarness.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

/// Resend and forward from the window (offscreen): a real history and capture server behind the
/// window, and another real CaptureServer as the target, whose own history shows what arrived.
class TestResendWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void resendOneEventShowsTheAnswer();
    void freshKeyReplacesOnlyTheKey();
    void guardRailAsks_data();
    void guardRailAsks();
    void editBeforeSendingChecksTheJson();
    void editedHeadersAndMethodArrive();
    void bulkResendShowsProgressAndSummary();
    void bulkResendCancels();
    void deliveryLogSelectsTheEvent();
    void autoForwardToADeadTargetKeepsCapturing();
    void autoForwardHoldsBackTheOtherEnvironment_data();
    void autoForwardHoldsBackTheOtherEnvironment();

private:
    QString targetUrl() const { return m_target->url() + QStringLiteral("hooks"); }
    /// The events the target captured, oldest first.
    QList<StoredEvent> arrived() const;
    qint64 postAndList(const QByteArray& body);
    /// Selects @p ids and opens the resend dialog for them.
    ResendDialog* openResend(const QList<qint64>& ids);
    void clickSend(ResendDialog* dialog);
    DeliveryTools* tools() const { return m_window->window()->deliveryTools(); }
    bool anySending() const;

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<WindowHarness> m_window;
    std::unique_ptr<TempHistory> m_targetHistory;
    std::unique_ptr<CaptureServer> m_target;
    QStringList m_questions;
    QStringList m_warnings;
    bool m_answer = true;
};

void TestResendWindow::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    WindowHarness::isolateSettings(m_home->filePath(QStringLiteral("config")), QStringLiteral("TestResendWindow"));
    QSettings().clear();
    m_questions.clear();
    m_warnings.clear();
    m_answer = true;
    m_window = std::make_unique<WindowHarness>();
    QVERIFY(m_window->open());
    Prompts prompts;
    prompts.confirm = [this](const QString& question) {
        m_questions << question;
        return m_answer;
    };
    prompts.warn = [this](const QString& message) { m_warnings << message; };
    tools()->setPrompts(prompts);
    tools()->setTimeout(10000);
    m_targetHistory = std::make_unique<TempHistory>();
    ServerConfig config;
    config.port = 0;
    m_target = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_target->start(m_targetHistory->path()), qPrintable(m_target->errorString()));
}

void TestResendWindow::cleanup()
{
    m_window.reset();
    m_target.reset();
    m_targetHistory.reset();
    m_home.reset();
}

QList<StoredEvent> TestResendWindow::arrived() const
{
    QList<StoredEvent> events;
    EventStore store;
    if (store.open(m_targetHistory->path(), EventStore::OpenMode::MustExist)) {
        store.forEach([&](const StoredEvent& e) {
            events.append(e);
            return true;
        });
    }
    return events;
}

qint64 TestResendWindow::postAndList(const QByteArray& body)
{
    const qint64 id = m_window->post(body);
    if (id > 0 && !QTest::qWaitFor([&] { return m_window->model()->rowOf(id) >= 0; })) {
        return -1;
    }
    return id;
}

ResendDialog* TestResendWindow::openResend(const QList<qint64>& ids)
{
    if (!m_window->select(ids) || !m_window->trigger(QStringLiteral("resendAction"))) {
        return nullptr;
    }
    ResendDialog* dialog = tools()->resendController()->dialog();
    if (dialog) {
        dialog->targetPicker()->setUrl(targetUrl());
    }
    return dialog;
}

void TestResendWindow::clickSend(ResendDialog* dialog)
{
    auto* send = dialog->findChild<QPushButton*>(QStringLiteral("sendButton"));
    QVERIFY(send);
    QTRY_VERIFY(send->isEnabled());
    send->click();
}

bool TestResendWindow::anySending() const
{
    ResendController* controller = tools()->resendController();
    return !controller->findChildren<ResendJob*>().isEmpty() || !controller->findChildren<RequestSender*>().isEmpty();
}

void TestResendWindow::resendOneEventShowsTheAnswer()
{
    const QByteArray body = providerWebhook("invoices.created", newKey());
    const qint64 id = postAndList(body);
    QVERIFY(id > 0);
    ResendDialog* dialog = openResend({id});
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("editBeforeSendCheckBox"))->isVisibleTo(dialog));
    clickSend(dialog);

    QTRY_COMPARE(arrived().size(), 1);
    const StoredEvent got = arrived().constFirst();
    QCOMPARE(got.method, QByteArray("POST"));
    QCOMPARE(got.path, QByteArray("/hooks"));
    QCOMPARE(got.body, body);
    QCOMPARE(got.contentType, QByteArray("application/json"));

    // The answer, next to the event: the Deliveries tab comes to the front with the attempt.
    DetailPane* detail = m_window->window()->detailPane();
    auto* tabs = detail->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
    QTRY_COMPARE(tabs->currentWidget(), static_cast<QWidget*>(detail->deliveriesView()));
    auto* list = detail->findChild<QTableView*>(QStringLiteral("deliveriesTableView"));
    QTRY_COMPARE(list->model()->rowCount(), 1);
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Deliveries (1)"));
    auto* answer = detail->deliveriesView()->findChild<QPlainTextEdit*>(QStringLiteral("deliveryAnswerTextEdit"));
    const QString text = answer->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("HTTP 200 OK")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"id\": %1").arg(got.id)), qPrintable(text)); // the target's body
    QVERIFY2(text.contains(targetUrl()), qPrintable(text));

    // Recorded in the history, and the target remembered (without a secret: it has none).
    EventStore store;
    QVERIFY(store.open(m_window->historyPath(), EventStore::OpenMode::MustExist));
    const QList<Delivery> deliveries = store.deliveries(id);
    QCOMPARE(deliveries.size(), 1);
    QCOMPARE(deliveries.constFirst().status, 200);
    QCOMPARE(TargetList::recent().constFirst().url.toString(), targetUrl());
    QVERIFY(m_questions.isEmpty());
}

void TestResendWindow::freshKeyReplacesOnlyTheKey()
{
    const QByteArray key = newKey();
    const QByteArray body = providerWebhook("invoices.created", key);
    const qint64 id = postAndList(body);
    ResendDialog* dialog = openResend({id});
    QVERIFY(dialog);
    dialog->findChild<QRadioButton*>(QStringLiteral("freshKeyRadioButton"))->setChecked(true);
    clickSend(dialog);
    QTRY_COMPARE(arrived().size(), 1);
    const StoredEvent got = arrived().constFirst();
    QVERIFY(!got.idempotencyKey.isEmpty());
    QVERIFY(got.idempotencyKey != QString::fromLatin1(key));
    QByteArray expected = body;
    expected.replace(key, got.idempotencyKey.toLatin1());
    QCOMPARE(got.body, expected);
}

void TestResendWindow::guardRailAsks_data()
{
    QTest::addColumn<QByteArray>("environment");
    QTest::addColumn<QString>("marking");
    QTest::addColumn<bool>("asks");
    QTest::addColumn<bool>("answer");

    QTest::newRow("production to staging, declined") << QByteArray("production") << "staging" << true << false;
    QTest::newRow("production to staging, confirmed") << QByteArray("production") << "staging" << true << true;
    QTest::newRow("staging to production, confirmed") << QByteArray("staging") << "production" << true << true;
    QTest::newRow("staging to staging") << QByteArray("staging") << "staging" << false << true;
    QTest::newRow("production to an unmarked target") << QByteArray("production") << "" << false << true;
}

void TestResendWindow::guardRailAsks()
{
    QFETCH(QByteArray, environment);
    QFETCH(QString, marking);
    QFETCH(bool, asks);
    QFETCH(bool, answer);
    const qint64 id = postAndList(providerWebhook("clients.updated", newKey(), environment));
    ResendDialog* dialog = openResend({id});
    QVERIFY(dialog);
    dialog->targetPicker()->setEnvironment(marking);
    m_answer = answer;
    clickSend(dialog);
    QCOMPARE(m_questions.size(), asks ? 1 : 0);
    if (asks) {
        QVERIFY2(m_questions.constFirst().contains(QStringLiteral("is a %1 event").arg(QLatin1String(environment))),
            qPrintable(m_questions.constFirst()));
    }
    if (!answer) {
        // Nothing started, and the dialog waits for another choice.
        QVERIFY(!anySending());
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("resendStatusLabel"))->text(),
            QStringLiteral("Nothing was sent."));
        dialog->targetPicker()->setEnvironment(QString());
        m_answer = true;
        clickSend(dialog);
        QCOMPARE(m_questions.size(), 1); // not asked again: the target is no longer marked
    }
    QTRY_COMPARE(arrived().size(), 1);
    QCOMPARE(arrived().constFirst().environment, QString::fromLatin1(environment));
}

void TestResendWindow::editBeforeSendingChecksTheJson()
{
    const qint64 id = postAndList(providerWebhook("invoices.created", newKey()));
    ResendDialog* dialog = openResend({id});
    QVERIFY(dialog);
    dialog->findChild<QCheckBox*>(QStringLiteral("editBeforeSendCheckBox"))->setChecked(true);
    auto* body = dialog->findChild<QPlainTextEdit*>(QStringLiteral("editBodyTextEdit"));
    QVERIFY(body->isVisible());
    auto* status = dialog->findChild<QLabel*>(QStringLiteral("bodyJsonLabel"));
    QTRY_COMPARE(status->text(), QStringLiteral("The body is valid JSON (or empty)."));
    const QByteArray broken = "{\n  \"event\": \"invoices.created\",\n  \"data\": }\n";
    body->setPlainText(QString::fromUtf8(broken));
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("The body is not valid JSON: ")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QStringLiteral("at line 3, column ")), qPrintable(status->text()));

    // Declined: nothing is sent, the message stays in the dialog.
    m_answer = false;
    clickSend(dialog);
    QCOMPARE(m_questions.size(), 1);
    QVERIFY(m_questions.constFirst().contains(QStringLiteral("not valid JSON")));
    QVERIFY(m_questions.constFirst().contains(QStringLiteral("Send the body as it is?")));
    QVERIFY(!anySending());
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("resendStatusLabel"))->text().contains(QStringLiteral("line 3")));

    // Confirmed: the body goes as it is, byte for byte.
    m_answer = true;
    clickSend(dialog);
    QTRY_COMPARE(arrived().size(), 1);
    QCOMPARE(arrived().constFirst().body, broken);
    // The edited attempt is recorded and shown like any other.
    auto* list = m_window->window()->detailPane()->findChild<QTableView*>(QStringLiteral("deliveriesTableView"));
    QTRY_COMPARE(list->model()->rowCount(), 1);
}

void TestResendWindow::editedHeadersAndMethodArrive()
{
    const qint64 id = postAndList(providerWebhook("invoices.created", newKey()));
    ResendDialog* dialog = openResend({id});
    QVERIFY(dialog);
    dialog->findChild<QCheckBox*>(QStringLiteral("editBeforeSendCheckBox"))->setChecked(true);
    dialog->findChild<QLineEdit*>(QStringLiteral("methodLineEdit"))->setText(QStringLiteral("PUT"));
    auto* headers = dialog->findChild<QTableWidget*>(QStringLiteral("editHeadersTableWidget"));
    dialog->findChild<QPushButton*>(QStringLiteral("addHeaderButton"))->click();
    const int row = headers->rowCount() - 1;
    headers->item(row, 0)->setText(QStringLiteral("X-Edited"));
    headers->item(row, 1)->setText(QStringLiteral("by hand"));
    auto* body = dialog->findChild<QPlainTextEdit*>(QStringLiteral("editBodyTextEdit"));
    body->setPlainText(QStringLiteral("{\"edited\":true}"));

    // A header name that is not a token is refused before anything is sent.
    headers->item(row, 0)->setText(QStringLiteral("X Edited"));
    clickSend(dialog);
    QVERIFY(!anySending());
    QVERIFY(
        dialog->findChild<QLabel*>(QStringLiteral("resendStatusLabel"))->text().contains(QStringLiteral("X Edited")));
    headers->item(row, 0)->setText(QStringLiteral("X-Edited"));
    clickSend(dialog);

    QTRY_COMPARE(arrived().size(), 1);
    const StoredEvent got = arrived().constFirst();
    QCOMPARE(got.method, QByteArray("PUT"));
    QCOMPARE(got.body, QByteArray("{\"edited\":true}"));
    const auto header = [&got](const QByteArray& name) {
        for (const HttpHeader& h : got.headers) {
            if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
                return h.value;
            }
        }
        return QByteArray();
    };
    QCOMPARE(header("X-Edited"), QByteArray("by hand"));
    QCOMPARE(header("Content-Type"), QByteArray("application/json"));
    QVERIFY(m_questions.isEmpty());
}

void TestResendWindow::bulkResendShowsProgressAndSummary()
{
    for (int i = 0; i < 5; ++i) {
        QVERIFY(postAndList(providerWebhook("invoices.created", newKey())) > 0);
    }
    QVERIFY(postAndList("a=b") > 0); // the filter below hides it
    auto* channel = m_window->find<QComboBox>(QStringLiteral("channelComboBox"));
    channel->setCurrentIndex(channel->findData(QStringLiteral("invoices")));
    QTRY_COMPARE(m_window->model()->rowCount(), 5);
    QVERIFY(m_window->trigger(QStringLiteral("resendShownAction")));
    ResendDialog* dialog = tools()->resendController()->dialog();
    QVERIFY(dialog);
    dialog->targetPicker()->setUrl(targetUrl());
    auto* description = dialog->findChild<QLabel*>(QStringLiteral("resendDescriptionLabel"));
    QTRY_COMPARE(description->text(), QStringLiteral("Resend 5 event(s), oldest first."));
    QVERIFY(!dialog->findChild<QCheckBox*>(QStringLiteral("editBeforeSendCheckBox"))->isVisibleTo(dialog));
    clickSend(dialog);

    BulkResendDialog* progress = nullptr;
    QTRY_VERIFY((progress = m_window->window()->findChild<BulkResendDialog*>()) != nullptr);
    auto* summary = progress->findChild<QLabel*>(QStringLiteral("resendSummaryLabel"));
    QTRY_COMPARE(summary->text(), QStringLiteral("5 delivered, 0 failed, 0 cancelled"));
    auto* bar = progress->findChild<QProgressBar*>(QStringLiteral("resendProgressBar"));
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(progress->findChild<QPushButton*>(QStringLiteral("closeResendButton"))->isVisible());
    QCOMPARE(arrived().size(), 5);
    // Oldest first, as they arrived.
    QList<qint64> sourceIds;
    for (const StoredEvent& e : arrived()) {
        sourceIds << e.id;
    }
    QCOMPARE(sourceIds, (QList<qint64> {1, 2, 3, 4, 5}));
}

void TestResendWindow::bulkResendCancels()
{
    // A target that takes every request and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket*> held;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket* socket = silent.nextPendingConnection()) {
            held << socket;
        }
    });
    QList<qint64> ids;
    for (int i = 0; i < 6; ++i) {
        ids << postAndList(providerWebhook("invoices.created", newKey()));
    }
    ResendDialog* dialog = openResend(ids);
    QVERIFY(dialog);
    dialog->targetPicker()->setUrl(QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort()));
    QTRY_COMPARE(dialog->findChild<QLabel*>(QStringLiteral("resendDescriptionLabel"))->text(),
        QStringLiteral("Resend 6 event(s), oldest first."));
    clickSend(dialog);
    BulkResendDialog* progress = nullptr;
    QTRY_VERIFY((progress = m_window->window()->findChild<BulkResendDialog*>()) != nullptr);
    QTRY_COMPARE(held.size(), 4); // ResendOptions::concurrency in flight, two waiting
    progress->findChild<QPushButton*>(QStringLiteral("cancelResendButton"))->click();
    auto* summary = progress->findChild<QLabel*>(QStringLiteral("resendSummaryLabel"));
    QTRY_COMPARE(summary->text(), QStringLiteral("0 delivered, 0 failed, 6 cancelled"));
    QVERIFY(progress->isFinished());
    qDeleteAll(held);
}

void TestResendWindow::deliveryLogSelectsTheEvent()
{
    const qint64 first = postAndList(providerWebhook("invoices.created", newKey()));
    const qint64 second = postAndList(providerWebhook("clients.updated", newKey()));
    QVERIFY(m_window->trigger(QStringLiteral("deliveryLogAction")));
    auto* dock = m_window->find<QDockWidget>(QStringLiteral("deliveryLogDock"));
    QTRY_VERIFY(dock->isVisible());
    for (const qint64 id : {first, second}) {
        ResendDialog* dialog = openResend({id});
        QVERIFY(dialog);
        clickSend(dialog);
        QTRY_COMPARE(arrived().size(), static_cast<int>(id == first ? 1 : 2));
    }
    DeliveryLog* log = tools()->deliveryLog();
    QTRY_COMPARE(log->count(), 2);
    // Newest first: the second resend on top; its answer shows on selection.
    QTableView* table = log->table();
    QCOMPARE(table->model()->index(0, 0).data(DeliveryListModel::EventIdRole).toLongLong(), second);
    table->selectRow(1);
    QVERIFY(log->findChild<QPlainTextEdit*>(QStringLiteral("deliveryAnswerTextEdit"))
                ->toPlainText()
                .startsWith(QStringLiteral("#%1 POST").arg(first)));

    // Double-clicking an attempt selects its event in the table.
    QVERIFY(m_window->select({second}));
    const QModelIndex index = table->model()->index(1, DeliveryListModel::Outcome);
    table->scrollTo(index);
    const QPoint at = table->visualRect(index).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at); // a double-click's first click
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(m_window->window()->detailPane()->eventId(), first);
    const QModelIndex current = m_window->window()->table()->selectionModel()->currentIndex();
    QCOMPARE(m_window->model()->eventId(current.row()), first);

    // It reads the history too: a reopened log lists what was recorded before.
    log->refresh();
    QTRY_COMPARE(log->count(), 2);
}

void TestResendWindow::autoForwardToADeadTargetKeepsCapturing()
{
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        deadPort = probe.serverPort();
    } // closed: connections to it are refused
    AutoForward* forward = tools()->autoForward();
    QVERIFY(m_window->trigger(QStringLiteral("forwardAction")));
    ForwardDialog* dialog = forward->dialog();
    QVERIFY(dialog);
    dialog->targetPicker()->setUrl(QStringLiteral("http://127.0.0.1:%1/dead").arg(deadPort));
    dialog->findChild<QPushButton*>(QStringLiteral("startForwardingButton"))->click();
    QTRY_VERIFY(forward->isForwarding());
    QVERIFY(forward->toggleAction()->isChecked());
    QVERIFY(m_window->find<QDockWidget>(QStringLiteral("forwardingLogDock"))->isVisible());

    // Capture keeps answering every webhook at once while every forward fails.
    for (int i = 0; i < 10; ++i) {
        QVERIFY(m_window->post(providerWebhook("invoices.created", newKey())) > 0);
    }
    DeliveryLog* log = tools()->forwardingLog();
    QTRY_COMPARE(log->count(), 10);
    for (int row = 0; row < 10; ++row) {
        QVERIFY(!log->table()->model()->index(row, 0).data(DeliveryListModel::SucceededRole).toBool());
    }
    auto* status = log->findChild<QLabel*>(QStringLiteral("deliveryLogStatusLabel"));
    QTRY_VERIFY2(status->text().contains(QStringLiteral("10 failed")), qPrintable(status->text()));
    QTRY_COMPARE(m_window->model()->rowCount(), 10);

    // Off: new events are captured and no longer forwarded.
    QVERIFY(m_window->trigger(QStringLiteral("forwardAction")));
    QVERIFY(!forward->isForwarding());
    QVERIFY(!forward->toggleAction()->isChecked());
    QVERIFY(m_window->post(providerWebhook("invoices.created", newKey())) > 0);
    QTRY_COMPARE(m_window->model()->rowCount(), 11);
    QCOMPARE(log->count(), 10);
    QVERIFY(forward->findChildren<ResendJob*>().isEmpty() || !forward->isForwarding());
}

void TestResendWindow::autoForwardHoldsBackTheOtherEnvironment_data()
{
    QTest::addColumn<bool>("cross");
    QTest::addColumn<bool>("answer");
    QTest::addColumn<bool>("forwarding");
    QTest::addColumn<int>("delivered");

    QTest::newRow("held back") << false << true << true << 1;
    QTest::newRow("crossing confirmed") << true << true << true << 2;
    QTest::newRow("crossing declined") << true << false << false << 0;
}

void TestResendWindow::autoForwardHoldsBackTheOtherEnvironment()
{
    QFETCH(bool, cross);
    QFETCH(bool, answer);
    QFETCH(bool, forwarding);
    QFETCH(int, delivered);
    AutoForward* forward = tools()->autoForward();
    QVERIFY(m_window->trigger(QStringLiteral("forwardAction")));
    ForwardDialog* dialog = forward->dialog();
    QVERIFY(dialog);
    dialog->targetPicker()->setUrl(targetUrl());
    dialog->targetPicker()->setEnvironment(QStringLiteral("staging"));
    dialog->findChild<QCheckBox*>(QStringLiteral("crossEnvironmentsCheckBox"))->setChecked(cross);
    m_answer = answer;
    dialog->findChild<QPushButton*>(QStringLiteral("startForwardingButton"))->click();
    QCOMPARE(m_questions.size(), cross ? 1 : 0);
    if (!forwarding) {
        QVERIFY(!forward->isForwarding());
        QVERIFY(dialog->isVisible()); // the user chooses again, or cancels
        dialog->reject();
        QTRY_VERIFY(!forward->toggleAction()->isChecked());
        return;
    }
    QTRY_VERIFY(forward->isForwarding());
    QVERIFY(m_window->post(providerWebhook("invoices.created", newKey(), "staging")) > 0);
    QVERIFY(m_window->post(providerWebhook("invoices.created", newKey(), "production")) > 0);
    DeliveryLog* log = tools()->forwardingLog();
    QTRY_COMPARE(log->count(), 2);
    QTRY_COMPARE(arrived().size(), delivered);
    if (delivered == 1) {
        QCOMPARE(arrived().constFirst().environment, QStringLiteral("staging"));
        const QString outcome = log->table()->model()->index(0, DeliveryListModel::Outcome).data().toString()
            + log->table()->model()->index(1, DeliveryListModel::Outcome).data().toString();
        QVERIFY2(outcome.contains(QStringLiteral("held back")), qPrintable(outcome));
    }
    forward->stop();
}

QTEST_MAIN(TestResendWindow)
#include "TestResendWindow.moc"
