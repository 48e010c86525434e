#include "SubscriptionDialog.h"

#include "Catalog.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

constexpr int ChannelRole = Qt::UserRole + 1;

} // namespace

SubscriptionDialog::SubscriptionDialog(QWidget* parent)
    : QDialog(parent)
    , m_explanation(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("SubscriptionDialog"));
    setWindowTitle(tr("Subscription profile"));
    auto* intro = new QLabel(tr("The channels your webhook is subscribed to, per environment. An event of a channel "
                                "outside them is flagged; an environment not checked is not."),
        this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("environmentTabWidget"));
    for (const QString& environment : Catalog::builtIn().environments()) {
        tabs->addTab(buildPage(environment), environment);
    }
    m_explanation->setObjectName(QStringLiteral("ruleExplanationLabel"));
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    m_buttons->setObjectName(QStringLiteral("subscriptionButtonBox"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_explanation);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SubscriptionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SubscriptionDialog::reject);
    resize(520, 560);
}

QWidget* SubscriptionDialog::buildPage(const QString& environment)
{
    auto* page = new QWidget(this);
    Page controls;
    controls.box = new QGroupBox(tr("Check %1 events against these channels").arg(environment), page);
    controls.box->setObjectName(environment + QStringLiteral("GroupBox"));
    controls.box->setCheckable(true);
    controls.box->setChecked(false);
    controls.list = new QListWidget(controls.box);
    controls.list->setObjectName(environment + QStringLiteral("ChannelList"));
    for (const Catalog::Channel& channel : Catalog::builtIn().channels()) {
        auto* item = new QListWidgetItem(tr("%1 (%2)", "channel name (channel)").arg(channel.name, channel.channel));
        item->setData(ChannelRole, channel.channel);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        controls.list->addItem(item);
    }
    auto* take = new QPushButton(tr("Take them from what has been seen"), controls.box);
    take->setObjectName(environment + QStringLiteral("TakeSeenButton"));
    take->setToolTip(tr("Tick the channels %1 has delivered so far, and only those").arg(environment));
    auto* boxLayout = new QVBoxLayout(controls.box);
    boxLayout->addWidget(controls.list, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(take);
    buttons->addStretch(1);
    boxLayout->addLayout(buttons);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(controls.box);
    m_pages.insert(environment, controls);
    connect(controls.list, &QListWidget::itemChanged, this,
        [this, environment](QListWidgetItem* item) { itemChanged(environment, item); });
    connect(controls.box, &QGroupBox::toggled, this, &SubscriptionDialog::showProblem);
    connect(take, &QPushButton::clicked, this, [this, environment] { takeSeen(environment); });
    return page;
}

void SubscriptionDialog::setProfile(const SubscriptionProfile& profile)
{
    m_updating = true;
    for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
        it->box->setChecked(profile.isDeclared(it.key()));
        for (int row = 0; row < it->list->count(); ++row) {
            QListWidgetItem* item = it->list->item(row);
            item->setCheckState(
                profile.includes(it.key(), item->data(ChannelRole).toString()) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_updating = false;
    m_explanation->clear();
    showProblem();
}

SubscriptionProfile SubscriptionDialog::profile() const
{
    SubscriptionProfile profile;
    for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
        if (!it->box->isChecked()) {
            continue;
        }
        QStringList channels;
        for (int row = 0; row < it->list->count(); ++row) {
            if (it->list->item(row)->checkState() == Qt::Checked) {
                channels.append(it->list->item(row)->data(ChannelRole).toString());
            }
        }
        profile.setChannels(it.key(), channels);
    }
    return profile;
}

void SubscriptionDialog::setChannelChecked(const QString& environment, const QString& channel, bool checked)
{
    const Page page = m_pages.value(environment);
    if (!page.list) {
        return;
    }
    page.box->setChecked(true);
    for (int row = 0; row < page.list->count(); ++row) {
        if (page.list->item(row)->data(ChannelRole).toString() == channel) {
            page.list->item(row)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        }
    }
}

void SubscriptionDialog::itemChanged(const QString& environment, QListWidgetItem* item)
{
    if (m_updating || item->checkState() != Qt::Checked) {
        showProblem();
        return;
    }
    // The provider's rule, applied as the user picks: ledgers goes alone.
    const bool ledgers = item->data(ChannelRole).toString() == SubscriptionProfile::LedgerChannel;
    const QListWidget* list = m_pages.value(environment).list;
    QStringList dropped;
    m_updating = true;
    for (int row = 0; row < list->count(); ++row) {
        QListWidgetItem* other = list->item(row);
        const bool otherIsLedgers = other->data(ChannelRole).toString() == SubscriptionProfile::LedgerChannel;
        if (other != item && other->checkState() == Qt::Checked && (ledgers || otherIsLedgers)) {
            other->setCheckState(Qt::Unchecked);
            dropped.append(other->data(ChannelRole).toString());
        }
    }
    m_updating = false;
    if (!dropped.isEmpty()) {
        m_explanation->setText(
            (ledgers ? tr("Ledgers goes alone, so %1 went. The provider: \"%2\"")
                           .arg(dropped.join(QLatin1String(", ")), SubscriptionProfile::providerRule())
                     : tr("Ledgers went: it can't be combined with %1. The provider: \"%2\"")
                           .arg(item->data(ChannelRole).toString(), SubscriptionProfile::providerRule())));
    }
    showProblem();
}

void SubscriptionDialog::takeSeen(const QString& environment)
{
    const Page page = m_pages.value(environment);
    if (!page.list) {
        return;
    }
    QStringList seen = m_seen.value(environment);
    QString note;
    if (seen.contains(SubscriptionProfile::LedgerChannel) && seen.size() > 1) {
        // What was delivered breaks the rule itself: keep the other channels, and say why.
        seen.removeAll(QString(SubscriptionProfile::LedgerChannel));
        note = tr("%1 delivered ledgers and other channels, which the provider doesn't allow; ledgers was left out. "
                  "The provider: \"%2\"")
                   .arg(environment, SubscriptionProfile::providerRule());
    }
    m_updating = true;
    page.box->setChecked(true);
    for (int row = 0; row < page.list->count(); ++row) {
        QListWidgetItem* item = page.list->item(row);
        item->setCheckState(seen.contains(item->data(ChannelRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = false;
    m_explanation->setText(
        note.isEmpty() && seen.isEmpty() ? tr("%1 has delivered nothing yet.").arg(environment) : note);
    showProblem();
}

QString SubscriptionDialog::explanation() const
{
    return m_explanation->text();
}

void SubscriptionDialog::showProblem()
{
    const QString problem = profile().check();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
    if (!problem.isEmpty()) {
        m_explanation->setText(problem);
    }
}

void SubscriptionDialog::accept()
{
    const QString problem = profile().check();
    if (!problem.isEmpty()) {
        m_explanation->setText(problem);
        return;
    }
    QDialog::accept();
}
