#include "ProviderTools.h"

#include "CaptureChecks.h"
#include "CaptureServer.h"
#include "Catalog.h"
#include "CatalogCounter.h"
#include "CatalogView.h"
#include "DataShape.h"
#include "DriftCheck.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MenuBarMenu.h"
#include "ProviderChecks.h"
#include "ScriptDialog.h"
#include "SendEventDialog.h"
#include "SignatureDialog.h"
#include "SubscriptionCheck.h"
#include "SubscriptionDialog.h"

#include <QAction>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

namespace {

const QString CatalogVisibleKey = QStringLiteral("window/catalogVisible");

} // namespace

ProviderTools::ProviderTools(QMainWindow* window, CaptureServer* server, EventTableModel* model, QTableView* table,
    FilterBar* filterBar, const QString& dbPath)
    : QObject(window)
    , m_window(window)
    , m_server(server)
    , m_model(model)
    , m_table(table)
    , m_filterBar(filterBar)
    , m_dbPath(dbPath)
    , m_checks(new CaptureChecks(this))
{
    installChecks(dbPath);
    m_catalog = new CatalogView(m_checks->drift(), window);
    m_dock = new QDockWidget(tr("Catalog"), window);
    m_dock->setObjectName(QStringLiteral("catalogDock"));
    m_dock->setWidget(m_catalog);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    // Room for a channel event's name and its counts at the first launch; a saved layout wins.
    window->resizeDocks({m_dock}, {m_catalog->fontMetrics().averageCharWidth() * 64}, Qt::Horizontal);
    m_dock->setVisible(QSettings().value(CatalogVisibleKey, true).toBool());
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        // The user's choice, not the window closing (which hides every dock).
        if (m_window->isVisible()) {
            QSettings().setValue(CatalogVisibleKey, visible);
        }
    });
    connect(m_catalog, &CatalogView::filterRequested, m_filterBar, &FilterBar::setFilter);
    connect(m_catalog, &CatalogView::countsChanged, this, &ProviderTools::noteSeenChannels);
    connect(m_server, &CaptureServer::eventsStored, this, &ProviderTools::eventsStored);
    connect(m_checks->provider(), &ProviderChecks::shapesSaveFailed, this,
        [this](const QString& error) { showStatus(tr("Learned data shapes not saved: %1").arg(error)); });
    connect(m_checks, &CaptureChecks::signaturesLoaded, this, [this](const QStringList& missing) {
        if (!missing.isEmpty()) {
            showStatus(tr("Signature checks left out, no secret: %1").arg(missing.join(QLatin1String("; "))));
        }
    });
    buildMenu();
    m_catalog->open(dbPath);
    m_checks->loadSignatures();
}

ProviderTools::~ProviderTools() = default;

SendEventDialog* ProviderTools::sendEventDialog() const
{
    return m_sendDialog;
}

ScriptDialog* ProviderTools::scriptDialog() const
{
    return m_scriptDialog;
}

SignatureDialog* ProviderTools::signatureDialog() const
{
    return m_signatureDialog;
}

SubscriptionDialog* ProviderTools::subscriptionDialog() const
{
    return m_subscriptionDialog;
}

void ProviderTools::installChecks(const QString& dbPath)
{
    ServerConfig config = m_server->config();
    // WindowCommand prepares them before the capture starts; a server started without them (a
    // test's, or another caller's) gets them here, at the cost of a restart.
    const bool changed = CaptureChecks::prepare(config, dbPath);
    m_checks->adopt(config);
    // The learned shapes first, so that the capture checks against them from its first event.
    m_checks->open(dbPath);
    if (changed) {
        m_server->setConfig(config);
        if (m_server->isRunning()) {
            // A running capture holds the config it started with: start it again to share these.
            m_server->start(m_server->databasePath());
        }
    }
}

void ProviderTools::setHistoryPath(const QString& path)
{
    m_dbPath = path;
    m_checks->open(path); // the new history's channels come with its counts
    m_catalog->open(path);
}

void ProviderTools::buildMenu()
{
    QMenu* provider = MenuBarMenu::named(m_window, tr("&Provider"));
    QAction* catalog = m_dock->toggleViewAction();
    catalog->setObjectName(QStringLiteral("catalogAction"));
    catalog->setText(tr("&Catalog"));
    catalog->setToolTip(tr("The provider's channels and events, with what was received of each"));
    provider->addAction(catalog);
    provider->addSeparator();
    const auto add = [this, provider](const QString& text, const char* objectName, void (ProviderTools::*slot)()) {
        QAction* action = provider->addAction(text);
        action->setObjectName(QString::fromLatin1(objectName));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_sendEvent = add(tr("&Send Test Event…"), "sendEventAction", &ProviderTools::openSendEvent);
    m_scriptedAnswers = add(tr("Scripted &Answers…"), "scriptedAnswersAction", &ProviderTools::openScriptedAnswers);
    m_signatureChecks = add(tr("Si&gnature Checks…"), "signatureChecksAction", &ProviderTools::openSignatureChecks);
    m_subscription = add(tr("Subscription &Profile…"), "subscriptionAction", &ProviderTools::openSubscription);
    provider->addSeparator();
    m_acceptShape
        = add(tr("Accept This Event's Data &Shape"), "acceptShapeAction", &ProviderTools::acceptSelectedShape);
    m_acceptShape->setToolTip(tr("Expect the fields and types of the selected event's data for its channel event"));
}

void ProviderTools::eventsStored()
{
    m_catalog->eventsStored();
}

void ProviderTools::historyChanged()
{
    m_catalog->refresh();
}

void ProviderTools::noteSeenChannels()
{
    QHash<QString, QStringList> seen;
    for (const CatalogCount& c : m_catalog->counter()->counts()) {
        seen[c.environment].append(c.channel);
    }
    // Added, never replaced: the capture notes channels as they arrive, which a count begun
    // before they were committed would not hold yet.
    for (auto it = seen.constBegin(); it != seen.constEnd(); ++it) {
        m_checks->subscriptions()->addSeen(it.key(), it.value());
    }
}

void ProviderTools::showStatus(const QString& message)
{
    m_window->statusBar()->showMessage(message, 8000);
}

void ProviderTools::openSendEvent()
{
    if (m_sendDialog) {
        m_sendDialog->raise();
        m_sendDialog->activateWindow();
        return;
    }
    m_sendDialog = new SendEventDialog(m_window);
    m_sendDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_sendDialog->setTarget(m_server->isRunning() ? m_server->url() : QString());
    m_sendDialog->show();
}

void ProviderTools::openScriptedAnswers()
{
    if (m_scriptDialog) {
        m_scriptDialog->raise();
        return;
    }
    m_scriptDialog = new ScriptDialog(m_window);
    m_scriptDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_scriptDialog->setRules(m_checks->script()->rules());
    connect(m_scriptDialog, &ScriptDialog::applied, this, [this](const QList<ResponseRule>& rules) {
        m_checks->applyAnswers(rules);
        showStatus(rules.isEmpty() ? tr("Scripted answers off: every event is answered 200.")
                                   : tr("Scripted answers in use: %n rule(s).", nullptr, int(rules.size())));
    });
    m_scriptDialog->show();
}

void ProviderTools::openSignatureChecks()
{
    if (m_signatureDialog) {
        m_signatureDialog->raise();
        return;
    }
    m_signatureDialog = new SignatureDialog(m_checks->secrets(), m_window);
    m_signatureDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_signatureDialog->setRules(m_checks->signatures()->rules());
    connect(m_signatureDialog, &SignatureDialog::applied, m_checks, &CaptureChecks::applySignatures);
    m_signatureDialog->show();
}

void ProviderTools::openSubscription()
{
    if (m_subscriptionDialog) {
        m_subscriptionDialog->raise();
        return;
    }
    m_subscriptionDialog = new SubscriptionDialog(m_window);
    m_subscriptionDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_subscriptionDialog->setProfile(m_checks->subscriptions()->profile());
    QHash<QString, QStringList> seen;
    for (const QString& environment : Catalog::builtIn().environments()) {
        seen.insert(environment, m_checks->subscriptions()->seen(environment));
    }
    m_subscriptionDialog->setSeen(seen);
    connect(m_subscriptionDialog, &QDialog::accepted, this, [this, dialog = m_subscriptionDialog] {
        m_checks->applyProfile(dialog->profile());
        showStatus(tr("Subscription profile saved: new events are checked against it."));
    });
    m_subscriptionDialog->show();
}

void ProviderTools::acceptSelectedShape()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        showStatus(tr("Select an event first."));
        return;
    }
    const StoredEvent event = m_model->event(m_model->eventId(current.row()));
    if (!Catalog::builtIn().offers(event.channel, event.action)) {
        showStatus(tr("Only the catalog's channel events have a data shape."));
        return;
    }
    m_checks->drift()->accept(event.channel, event.action, DataShape::ofBody(event.body));
    m_catalog->showChannelEvent(event.channel, event.action);
    showStatus(tr("The data shape of event #%1 is expected for %2.%3 from now on.")
                   .arg(event.id)
                   .arg(event.channel, event.action));
}
