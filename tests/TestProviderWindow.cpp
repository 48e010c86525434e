#include "AnswerSettings.h"
#include "CaptureChecks.h"
#include "CaptureServer.h"
#include "Catalog.h"
#include "CatalogCounter.h"
#include "CatalogModel.h"
#include "CatalogView.h"
#include "DriftCheck.h"
#include "EventRowDelegate.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "ProviderTools.h"
#include "RawHttpClient.h"
#include "ScriptDialog.h"
#include "SendEventDialog.h"
#include "ShapeKeeper.h"
#include "SubscriptionCheck.h"
#include "SubscriptionDialog.h"
#include "TestSupport.h"
#include "WindowCommand.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeView>
#include <QtTest>

#include <memory>

namespace {

QByteArray webhook(const QByteArray& event, const QByteArray& environment = "staging",
    const QByteArray& data = R"({"id":1,"amount":"12.50"})", const QByteArray& key = {})
{
    return "{\"event\":\"" + event + "\",\"message\":\"Done successfully.\",\"idempotency_key\":\""
        + (key.isEmpty() ? newKey() : key) + "\",\"environment\":\"" + environment + "\",\"data\":" + data + "}";
}

/// Reaches the delegate's style option, as the table paints a row.
class DelegateProbe : public EventRowDelegate
{
public:
    using EventRowDelegate::EventRowDelegate;
    QStyleOptionViewItem option(const QModelIndex& index) const
    {
        QStyleOptionViewItem o;
        initStyleOption(&o, index);
        return o;
    }
};

} // namespace

/// The window's Provider part with a real server and history: the catalog dock, the checks at
/// capture (drift, subscription profile, ledger rule), and the dialogs driving the real server.
class TestProviderWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void catalogCountsArrivalsAndDoubleClickFiltersTheTable();
    void outOfCatalogRowsCarryAWarningSign();
    void driftIsFlaggedAndAcceptStopsItForTheNextEvent();
    void profileEditorKeepsTheLedgerRule();
    void profileEditorCannotSaveLedgersWithAnotherChannel();
    void outOfProfileEventsAreFlagged();
    void ledgersAfterOtherChannelsAreFlagged();
    void sendDialogEventsAreCaptured();
    void sendDialogBurstAcrossChannels();
    void sendDialogPacesRetriesAndBursts();
    void scriptedAnswersFromTheEditorAreSeenOnTheWire();
    void perPathAnswersFromTheEditor();
    void ruleOrderIsEditable();
    void checksSurviveANewWindow();
    void captureStartsWithTheChecksAndIsNotRestarted();

private:
    void openWindow();
    qint64 post(const QByteArray& body, int* status = nullptr);
    StoredEvent stored(qint64 id) const;
    QList<StoredEvent> storedEvents() const;
    ProviderTools* tools() const { return m_window->providerTools(); }

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestProviderWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestProviderWindow"));
}

void TestProviderWindow::init()
{
    QSettings().clear();
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
    openWindow();
}

void TestProviderWindow::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

void TestProviderWindow::openWindow()
{
    m_window.reset();
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY(m_server->start(m_history->path()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    // The window gave the running server its checks (restarting it): it captures with them.
    QVERIFY(m_server->isRunning());
    QVERIFY(m_server->config().drift);
    QCOMPARE(m_server->config().drift, tools()->checks()->drift());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

qint64 TestProviderWindow::post(const QByteArray& body, int* status)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    if (status) {
        *status = r.status;
    }
    return QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger(-1);
}

StoredEvent TestProviderWindow::stored(qint64 id) const
{
    EventStore store;
    return store.open(m_history->path(), EventStore::OpenMode::MustExist) ? store.event(id) : StoredEvent();
}

QList<StoredEvent> TestProviderWindow::storedEvents() const
{
    QList<StoredEvent> events;
    EventStore store;
    if (store.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        store.forEach([&events](const StoredEvent& e) {
            events.append(e);
            return true;
        });
    }
    return events;
}

void TestProviderWindow::catalogCountsArrivalsAndDoubleClickFiltersTheTable()
{
    QDockWidget* dock = m_window->findChild<QDockWidget*>(QStringLiteral("catalogDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("catalogAction")));
    CatalogModel* catalog = tools()->catalogView()->model();
    QVERIFY(post(webhook("invoices.created")) > 0);
    QVERIFY(post(webhook("invoices.created", "production")) > 0);
    QVERIFY(post(webhook("sales.created")) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(catalog->seenEvents(), 2, 10000);
    const QModelIndex created = catalog->indexOf(QStringLiteral("invoices"), QStringLiteral("created"));
    QTRY_COMPARE(created.data(CatalogModel::TotalRole).toLongLong(), 2);
    QCOMPARE(created.siblingAtColumn(CatalogModel::Staging).data().toString(), QStringLiteral("1"));
    QCOMPARE(created.siblingAtColumn(CatalogModel::Production).data().toString(), QStringLiteral("1"));
    QTRY_COMPARE(m_model->rowCount(), 3);

    // Double-click: the filter bar and the table narrow to that channel event.
    QTreeView* tree = tools()->catalogView()->tree();
    tools()->catalogView()->showChannelEvent(QStringLiteral("invoices"), QStringLiteral("created"));
    const QPoint at = tree->visualRect(created).center();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(m_window->filterBar()->filter().channels, QStringList {QStringLiteral("invoices")});
    QCOMPARE(m_window->filterBar()->filter().actions, QStringList {QStringLiteral("created")});
    QTRY_COMPARE(m_model->rowCount(), 2);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(m_model->index(row, EventTableModel::Event).data().toString(), QStringLiteral("invoices.created"));
    }
}

void TestProviderWindow::outOfCatalogRowsCarryAWarningSign()
{
    const qint64 outside = post(webhook("business.created")); // business offers only "updated"
    const qint64 fine = post(webhook("business.updated"));
    QVERIFY(outside > 0 && fine > 0);
    QVERIFY(stored(outside).problems.join(QLatin1Char('\n')).contains(QStringLiteral("does not offer created")));
    QTRY_COMPARE(m_model->rowCount(), 2);
    DelegateProbe probe;
    const QModelIndex flagged = m_model->index(m_model->rowOf(outside), EventTableModel::Event);
    const QModelIndex clean = m_model->index(m_model->rowOf(fine), EventTableModel::Event);
    QVERIFY(probe.option(flagged).features & QStyleOptionViewItem::HasDecoration);
    QVERIFY(!probe.option(flagged).icon.isNull());
    QVERIFY(!(probe.option(clean).features & QStyleOptionViewItem::HasDecoration));
    // Listed apart in the catalog.
    CatalogModel* catalog = tools()->catalogView()->model();
    QTRY_VERIFY_WITH_TIMEOUT(catalog->outsideGroup().isValid(), 10000);
    QCOMPARE(catalog->index(0, 0, catalog->outsideGroup()).data().toString(), QStringLiteral("business.created"));
}

void TestProviderWindow::driftIsFlaggedAndAcceptStopsItForTheNextEvent()
{
    tools()->checks()->drift()->setLearningEvents(1);
    QVERIFY(post(webhook("invoices.created")) > 0);
    const qint64 drifted = post(webhook("invoices.created", "staging", R"({"id":2,"amount":12.5,"notes":"x"})"));
    QCOMPARE(stored(drifted).problems,
        QStringList {QStringLiteral("shape: data.amount is a number (expected string); data.notes is new")});
    // Accept it from the table: select its row, Provider > Accept This Event's Data Shape.
    QTRY_VERIFY(m_model->rowOf(drifted) >= 0);
    m_window->table()->selectionModel()->setCurrentIndex(
        m_model->index(m_model->rowOf(drifted), 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QAction* accept = m_window->findChild<QAction*>(QStringLiteral("acceptShapeAction"));
    QVERIFY(accept);
    accept->trigger();
    const qint64 next = post(webhook("invoices.created", "staging", R"({"id":3,"amount":4,"notes":"y"})"));
    QCOMPARE(stored(next).problems, QStringList());
    // Saved in the history, where the next window finds it.
    QVERIFY(tools()->checks()->keeper()->saveNow());
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    QCOMPARE(store.dataShapes().size(), 1);
    QCOMPARE(store.dataShapes().constFirst().events, 2);
}

void TestProviderWindow::profileEditorKeepsTheLedgerRule()
{
    tools()->subscriptionAction()->trigger();
    SubscriptionDialog* dialog = tools()->subscriptionDialog();
    QVERIFY(dialog);
    const QString staging = QStringLiteral("staging");
    dialog->setChannelChecked(staging, QStringLiteral("invoices"), true);
    dialog->setChannelChecked(staging, QStringLiteral("sales"), true);
    dialog->setChannelChecked(staging, QStringLiteral("ledgers"), true);
    // Picking ledgers takes the others off, and says why in the provider's own words.
    QCOMPARE(dialog->profile().channels(staging), QStringList {QStringLiteral("ledgers")});
    QVERIFY(dialog->explanation().contains(QStringLiteral("invoices, sales")));
    QVERIFY(dialog->explanation().contains(QStringLiteral(
        "You cannot subscribe to the Ledger channel and other channels. To subscibe the the Ledger channel you must "
        "unsubscribe from any other channel")));
    // Picking another takes ledgers off.
    dialog->setChannelChecked(staging, QStringLiteral("quotes"), true);
    QCOMPARE(dialog->profile().channels(staging), QStringList {QStringLiteral("quotes")});
    QVERIFY(dialog->explanation().startsWith(QStringLiteral("Ledgers went")));
    QVERIFY(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->isEnabled());
}

void TestProviderWindow::profileEditorCannotSaveLedgersWithAnotherChannel()
{
    tools()->subscriptionAction()->trigger();
    SubscriptionDialog* dialog = tools()->subscriptionDialog();
    QVERIFY(dialog);
    SubscriptionProfile both;
    both.setChannels(QStringLiteral("production"), {QStringLiteral("ledgers"), QStringLiteral("invoices")});
    dialog->setProfile(both);
    QCOMPARE(dialog->profile(), both);
    QPushButton* save = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save);
    QVERIFY(!save->isEnabled());
    QVERIFY(dialog->explanation().contains(SubscriptionProfile::providerRule()));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QVERIFY(!QSettings().contains(QStringLiteral("subscriptions/production")));
    QVERIFY(!tools()->checks()->subscriptions()->profile().isDeclared(QStringLiteral("production")));
}

void TestProviderWindow::outOfProfileEventsAreFlagged()
{
    QVERIFY(post(webhook("invoices.created")) > 0);
    QVERIFY(post(webhook("sales.created", "production")) > 0);
    tools()->subscriptionAction()->trigger();
    SubscriptionDialog* dialog = tools()->subscriptionDialog();
    QVERIFY(dialog);
    // "Take them from what has been seen": what staging delivered.
    dialog->takeSeen(QStringLiteral("staging"));
    QCOMPARE(dialog->profile().channels(QStringLiteral("staging")), QStringList {QStringLiteral("invoices")});
    QVERIFY(!dialog->profile().isDeclared(QStringLiteral("production")));
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    QVERIFY(!dialog->isVisible());
    QCOMPARE(SubscriptionProfile::load().channels(QStringLiteral("staging")), QStringList {QStringLiteral("invoices")});

    QCOMPARE(stored(post(webhook("invoices.updated"))).problems, QStringList());
    QCOMPARE(stored(post(webhook("sales.created"))).problems,
        QStringList {QStringLiteral("outside the subscription profile: staging is not subscribed to sales")});
    QCOMPARE(stored(post(webhook("sales.created", "production"))).problems, QStringList()); // not declared
}

void TestProviderWindow::ledgersAfterOtherChannelsAreFlagged()
{
    QCOMPARE(stored(post(webhook("ledgers.created", "production"))).problems, QStringList());
    QVERIFY(post(webhook("invoices.created")) > 0);
    const QStringList problems = stored(post(webhook("ledgers.created"))).problems;
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.constFirst().startsWith(QStringLiteral("ledger rule: staging also delivered invoices;")));
}

void TestProviderWindow::sendDialogEventsAreCaptured()
{
    tools()->sendEventAction()->trigger();
    SendEventDialog* dialog = tools()->sendEventDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->target(), m_server->url()); // the window's own endpoint by default
    dialog->setChannelEvent(QStringLiteral("pay_runs"), QStringLiteral("updated"), QStringLiteral("production"));
    const QJsonObject shown = QJsonDocument::fromJson(dialog->envelope().toUtf8()).object();
    QCOMPARE(shown.value(QStringLiteral("event")).toString(), QStringLiteral("pay_runs.updated"));
    QCOMPARE(shown.value(QStringLiteral("environment")).toString(), QStringLiteral("production"));
    // Edited before sending: what is sent is what was shown, byte for byte.
    QString edited = dialog->envelope();
    edited.replace(QStringLiteral("\"production\""), QStringLiteral("\"staging\""));
    dialog->setEnvelope(edited);
    dialog->setRetries(3, 0);
    QSignalSpy finished(dialog, &SendEventDialog::finished);
    QVERIFY(dialog->sendEnvelope());
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.constFirst().at(0).toInt(), 0);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 3);
    for (const StoredEvent& e : events) {
        QCOMPARE(e.body, edited.toUtf8());
        QCOMPARE(e.event, QStringLiteral("pay_runs.updated"));
        QCOMPARE(e.environment, QStringLiteral("staging"));
        QCOMPARE(e.problems, QStringList());
    }
    // The provider's retries: the same key, the copies marked as duplicates of the first.
    QCOMPARE(events.at(1).duplicateOf, events.at(0).id);
    QCOMPARE(events.at(2).duplicateOf, events.at(0).id);
    QCOMPARE(dialog->log().count(QLatin1Char('\n')) + 1, 3);
}

void TestProviderWindow::sendDialogBurstAcrossChannels()
{
    tools()->sendEventAction()->trigger();
    SendEventDialog* dialog = tools()->sendEventDialog();
    QVERIFY(dialog);
    dialog->setBurst(6, 0, {QStringLiteral("ledgers"), QStringLiteral("sales")});
    QVERIFY(dialog->burstProblem().contains(QStringLiteral("ledgers")));
    QVERIFY(!dialog->sendBurst());
    dialog->setBurst(6, 0, {QStringLiteral("deposits"), QStringLiteral("sales")});
    dialog->setRetries(1, 0);
    QCOMPARE(dialog->burstProblem(), QString());
    QSignalSpy finished(dialog, &SendEventDialog::finished);
    QVERIFY(dialog->sendBurst());
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.constFirst().at(0).toInt(), 0);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 6);
    QSet<QString> names;
    for (const StoredEvent& e : events) {
        QVERIFY(e.channel == QLatin1String("deposits") || e.channel == QLatin1String("sales"));
        QCOMPARE(e.problems, QStringList());
        QCOMPARE(e.duplicateOf, 0);
        names.insert(e.event);
    }
    QCOMPARE(names.size(), 6); // every action of both channels, in turn
    QTRY_COMPARE_WITH_TIMEOUT(tools()->catalogView()->model()->seenEvents(), 6, 10000);
}

void TestProviderWindow::sendDialogPacesRetriesAndBursts()
{
    tools()->sendEventAction()->trigger();
    SendEventDialog* dialog = tools()->sendEventDialog();
    QVERIFY(dialog);
    // The provider's retries: one webhook, K copies under its key, a delay apart.
    dialog->setChannelEvent(QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"));
    dialog->setRetries(3, 250);
    QSignalSpy finished(dialog, &SendEventDialog::finished);
    QVERIFY(dialog->sendEnvelope());
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.constFirst().at(0).toInt(), 0);
    QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.size(), 3);
    for (int i = 1; i < 3; ++i) {
        QCOMPARE(events.at(i).duplicateOf, events.at(0).id);
        const qint64 gap = events.at(i).receivedAtMs - events.at(i - 1).receivedAtMs;
        QVERIFY2(gap >= 240, qPrintable(QString::number(gap))); // the delay, at least (ms clock)
    }
    // A burst of N at R per second across channels, each webhook sent twice.
    finished.clear();
    dialog->setBurst(4, 8, {QStringLiteral("sales"), QStringLiteral("quotes")});
    dialog->setRetries(2, 50);
    QCOMPARE(dialog->burstProblem(), QString());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(dialog->sendBurst());
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.constFirst().at(0).toInt(), 0);
    // 4 webhooks at 8/s: the last starts 3/8 s after the first.
    QVERIFY2(clock.elapsed() >= 370, qPrintable(QString::number(clock.elapsed())));
    events = storedEvents().mid(3);
    QCOMPARE(events.size(), 8);
    int retries = 0;
    QSet<QString> keys;
    for (const StoredEvent& e : std::as_const(events)) {
        QVERIFY(e.channel == QLatin1String("sales") || e.channel == QLatin1String("quotes"));
        keys.insert(e.idempotencyKey);
        retries += e.duplicateOf != 0 ? 1 : 0;
    }
    QCOMPARE(keys.size(), 4);
    QCOMPARE(retries, 4);
}

void TestProviderWindow::scriptedAnswersFromTheEditorAreSeenOnTheWire()
{
    tools()->scriptedAnswersAction()->trigger();
    ScriptDialog* dialog = tools()->scriptDialog();
    QVERIFY(dialog);
    dialog->findChild<QPushButton*>(QStringLiteral("addRuleButton"))->click();
    dialog->findChild<QSpinBox*>(QStringLiteral("statusSpinBox"))->setValue(202);
    dialog->findChild<QPlainTextEdit*>(QStringLiteral("headersTextEdit"))->setPlainText(QStringLiteral("X-Test: yes"));
    dialog->findChild<QSpinBox*>(QStringLiteral("failFirstSpinBox"))->setValue(2);
    dialog->findChild<QSpinBox*>(QStringLiteral("failStatusSpinBox"))->setValue(503);
    dialog->findChild<QSpinBox*>(QStringLiteral("delaySpinBox"))->setValue(300);
    QCOMPARE(dialog->problem(), QString());
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    QCOMPARE(AnswerSettings::load().size(), 1);
    QCOMPARE(AnswerSettings::load().constFirst().status, 202);

    // The sender's retries of one webhook: two failures, then the answer; all stored, with their status.
    const QByteArray body = webhook("invoices.created");
    QList<int> statuses;
    for (int i = 0; i < 3; ++i) {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_server->port()));
        QElapsedTimer clock;
        clock.start();
        client.send(RawHttpClient::post(body));
        const RawHttpClient::Response r = client.readResponse(10000);
        statuses.append(r.status);
        QVERIFY2(clock.elapsed() >= 290, qPrintable(QString::number(clock.elapsed()))); // the delay, at least
        if (r.status == 202) {
            QCOMPARE(r.header("X-Test"), QByteArray("yes"));
        }
    }
    QCOMPARE(statuses, (QList<int> {503, 503, 202}));
    QTRY_COMPARE(storedEvents().size(), 3);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.at(0).responseStatus, 503);
    QCOMPARE(events.at(2).responseStatus, 202);
    QCOMPARE(events.at(1).duplicateOf, events.at(0).id);
    QCOMPARE(events.at(2).duplicateOf, events.at(0).id);

    // Taken off again: answered 200 at once.
    dialog->removeRule();
    QVERIFY(dialog->apply());
    int status = 0;
    QVERIFY(post(webhook("invoices.created"), &status) > 0);
    QCOMPARE(status, 200);
    QVERIFY(AnswerSettings::load().isEmpty());
}

void TestProviderWindow::perPathAnswersFromTheEditor()
{
    tools()->scriptedAnswersAction()->trigger();
    ScriptDialog* dialog = tools()->scriptDialog();
    QVERIFY(dialog);
    auto* add = dialog->findChild<QPushButton*>(QStringLiteral("addRuleButton"));
    add->click(); // all paths
    dialog->findChild<QSpinBox*>(QStringLiteral("statusSpinBox"))->setValue(202);
    add->click(); // one path, put before the catch-all
    dialog->findChild<QLineEdit*>(QStringLiteral("pathPrefixLineEdit"))->setText(QStringLiteral("/orders"));
    dialog->findChild<QSpinBox*>(QStringLiteral("statusSpinBox"))->setValue(409);
    QCOMPARE(dialog->problem(), QString());
    QVERIFY(dialog->apply());
    QCOMPARE(dialog->rules().size(), 2);
    QCOMPARE(dialog->rules().constFirst().pathPrefix, QByteArray("/orders"));

    const auto answer = [this](const QByteArray& path) {
        RawHttpClient client;
        if (!client.connectTo(m_server->port())) {
            return 0;
        }
        client.send(RawHttpClient::post(webhook("invoices.created"), path));
        return client.readResponse().status;
    };
    QCOMPARE(answer("/orders/7"), 409);
    QCOMPARE(answer("/webhook"), 202);
    QCOMPARE(answer("/ordersX"), 409); // a prefix, as the editor says
    QTRY_COMPARE(storedEvents().size(), 3);
    const QList<StoredEvent> events = storedEvents();
    QCOMPARE(events.at(0).responseStatus, 409);
    QCOMPARE(events.at(1).responseStatus, 202);
    // Kept for the next window, in order.
    QCOMPARE(AnswerSettings::load().size(), 2);
    QCOMPARE(AnswerSettings::load().constFirst().status, 409);
}

void TestProviderWindow::ruleOrderIsEditable()
{
    // Rules are tried in order, so Up, Down and Remove must move the rule and its name together.
    ScriptDialog dialog;
    ResponseRule first;
    first.pathPrefix = "/a";
    first.status = 201;
    ResponseRule second;
    second.pathPrefix = "/b";
    second.status = 202;
    dialog.setRules({first, second});
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("ruleListWidget"));
    auto* up = dialog.findChild<QPushButton*>(QStringLiteral("ruleUpButton"));
    auto* down = dialog.findChild<QPushButton*>(QStringLiteral("ruleDownButton"));
    auto* remove = dialog.findChild<QPushButton*>(QStringLiteral("removeRuleButton"));
    auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("pathPrefixLineEdit"));
    QVERIFY(list && up && down && remove && path);
    const auto prefixes = [&dialog] {
        QByteArrayList found;
        for (const ResponseRule& rule : dialog.rules()) {
            found.append(rule.pathPrefix);
        }
        return found;
    };
    QCOMPARE(list->currentRow(), 0);
    QVERIFY(!up->isEnabled());
    QVERIFY(down->isEnabled());
    down->click();
    QCOMPARE(prefixes(), (QByteArrayList {"/b", "/a"}));
    QCOMPARE(list->currentRow(), 1);
    QCOMPARE(path->text(), QStringLiteral("/a"));
    QVERIFY(list->item(1)->text().contains(QStringLiteral("/a")));
    QVERIFY(up->isEnabled());
    QVERIFY(!down->isEnabled());
    up->click();
    QCOMPARE(prefixes(), (QByteArrayList {"/a", "/b"}));
    QCOMPARE(list->currentRow(), 0);
    // Editing renames the selected rule in the list.
    path->setText(QStringLiteral("/c"));
    QCOMPARE(prefixes(), (QByteArrayList {"/c", "/b"}));
    QVERIFY(list->item(0)->text().contains(QStringLiteral("/c")));
    remove->click();
    QCOMPARE(prefixes(), QByteArrayList {"/b"});
    QCOMPARE(list->count(), 1);
    QCOMPARE(path->text(), QStringLiteral("/b"));
    remove->click();
    QVERIFY(dialog.rules().isEmpty());
    QVERIFY(!remove->isEnabled());
    QVERIFY(!path->isEnabled());
}

void TestProviderWindow::checksSurviveANewWindow()
{
    ResponseRule rule;
    rule.status = 201;
    tools()->checks()->applyAnswers({rule});
    SubscriptionProfile profile;
    profile.setChannels(QStringLiteral("staging"), {QStringLiteral("invoices")});
    tools()->checks()->applyProfile(profile);
    tools()->checks()->drift()->setLearningEvents(1);
    QVERIFY(post(webhook("invoices.created")) > 0);
    cleanup();
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY(store.open(m_history->path()));
    openWindow();
    int status = 0;
    const qint64 id = post(webhook("sales.created"), &status);
    QCOMPARE(status, 201);
    QCOMPARE(stored(id).problems,
        QStringList {QStringLiteral("outside the subscription profile: staging is not subscribed to sales")});
}

void TestProviderWindow::captureStartsWithTheChecksAndIsNotRestarted()
{
    m_window.reset();
    m_server.reset();
    // As `hookscope --port 0 --db FILE` starts (WindowCommand::run).
    WindowCommand::Options options;
    options.config.port = 0;
    options.dbPath = m_history->path();
    options.given = {QStringLiteral("--port"), QStringLiteral("--db")};
    const AppSettings settings = WindowCommand::settingsForRun(AppSettings::load(), options);
    const ServerConfig config = WindowCommand::captureConfig(settings, options);
    QVERIFY(config.script && config.signatures && config.drift && config.subscriptions);
    m_server = std::make_unique<CaptureServer>(config);
    QSignalSpy running(m_server.get(), &CaptureServer::runningChanged);
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
    const quint16 port = m_server->port();
    // Captured before the window is built: learned, and kept when the window opens the history.
    QVERIFY(post(webhook("sales.created")) > 0);
    QCOMPARE(config.drift->shape(QStringLiteral("sales"), QStringLiteral("created")).events, 1);
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    // Started once and never again: the window found its checks in the running capture.
    QCOMPARE(running.count(), 1);
    QVERIFY(m_server->isRunning());
    QCOMPARE(m_server->port(), port);
    QCOMPARE(tools()->checks()->drift(), config.drift);
    QCOMPARE(tools()->checks()->subscriptions(), config.subscriptions);
    QCOMPARE(tools()->checks()->script(), config.script);
    QCOMPARE(tools()->checks()->signatures(), config.signatures);
    QCOMPARE(tools()->checks()->drift()->shape(QStringLiteral("sales"), QStringLiteral("created")).events, 1);
    QVERIFY(tools()->checks()->keeper()->saveNow());
    {
        EventStore store;
        QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
        QCOMPARE(store.dataShapes().size(), 1);
    }
    // The window's editors change what this capture checks.
    SubscriptionProfile profile;
    profile.setChannels(QStringLiteral("staging"), {QStringLiteral("invoices")});
    tools()->checks()->applyProfile(profile);
    QCOMPARE(stored(post(webhook("sales.created"))).problems,
        QStringList {QStringLiteral("outside the subscription profile: staging is not subscribed to sales")});
    QCOMPARE(running.count(), 1);
}

QTEST_MAIN(TestProviderWindow)
#include "TestProviderWindow.moc"
