#include "SendEventDialog.h"

#include "Catalog.h"
#include "Deliverer.h"
#include "WebhookFactory.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int ChannelRole = Qt::UserRole + 1;

} // namespace

SendEventDialog::SendEventDialog(QWidget* parent)
    : QDialog(parent)
    , m_random(QRandomGenerator64::securelySeeded())
    , m_deliverer(new Deliverer(this))
    , m_target(new QLineEdit(this))
    , m_copies(new QSpinBox(this))
    , m_retryDelay(new QSpinBox(this))
    , m_log(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("SendEventDialog"));
    setWindowTitle(tr("Send test event"));
    // Resource ids start somewhere random, as `hookscope send` does, so that runs don't collide.
    m_factory = std::make_unique<WebhookFactory>(Catalog::builtIn(), m_random, m_random.generate64(),
        QDateTime::currentMSecsSinceEpoch(), qint64(m_random.bounded(1000, 900000)));
    m_target->setObjectName(QStringLiteral("targetLineEdit"));
    m_copies->setObjectName(QStringLiteral("copiesSpinBox"));
    m_copies->setRange(1, 100);
    m_copies->setToolTip(tr("Each webhook goes out this many times under its idempotency key, like the provider's "
                            "retries"));
    m_retryDelay->setObjectName(QStringLiteral("retryDelaySpinBox"));
    m_retryDelay->setRange(0, 3600000);
    m_retryDelay->setSingleStep(500);
    m_retryDelay->setValue(1000);
    m_retryDelay->setSuffix(tr(" ms"));
    m_log->setObjectName(QStringLiteral("sendLogTextEdit"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(10000);
    m_status->setObjectName(QStringLiteral("sendStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* top = new QFormLayout;
    top->addRow(tr("Send to:"), m_target);
    auto* retries = new QHBoxLayout;
    retries->addWidget(m_copies);
    retries->addWidget(new QLabel(tr("times each, apart by"), this));
    retries->addWidget(m_retryDelay);
    retries->addStretch(1);
    top->addRow(tr("Send:"), retries);
    auto* columns = new QHBoxLayout;
    columns->addWidget(buildSingle(), 3);
    columns->addWidget(buildBurst(), 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(columns, 2);
    layout->addWidget(new QLabel(tr("Answers:"), this));
    layout->addWidget(m_log, 1);
    layout->addWidget(m_status);
    setChannelEvent(QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"));
    resize(900, 640);
}

SendEventDialog::~SendEventDialog() = default;

QWidget* SendEventDialog::buildSingle()
{
    auto* box = new QGroupBox(tr("One webhook"), this);
    m_channel = new QComboBox(box);
    m_channel->setObjectName(QStringLiteral("sendChannelComboBox"));
    for (const Catalog::Channel& channel : Catalog::builtIn().channels()) {
        m_channel->addItem(tr("%1 (%2)", "channel name (channel)").arg(channel.name, channel.channel), channel.channel);
    }
    m_action = new QComboBox(box);
    m_action->setObjectName(QStringLiteral("sendActionComboBox"));
    m_environment = new QComboBox(box);
    m_environment->setObjectName(QStringLiteral("sendEnvironmentComboBox"));
    for (const QString& environment : Catalog::builtIn().environments()) {
        m_environment->addItem(environment, environment);
    }
    m_envelope = new QPlainTextEdit(box);
    m_envelope->setObjectName(QStringLiteral("envelopeTextEdit"));
    m_envelope->setToolTip(tr("The webhook as the provider would send it; edit it as you like before sending"));
    m_regenerate = new QPushButton(tr("New key and data"), box);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_send = new QPushButton(tr("Send"), box);
    m_send->setObjectName(QStringLiteral("sendEnvelopeButton"));
    m_send->setDefault(true);
    auto* pick = new QHBoxLayout;
    pick->addWidget(m_channel, 2);
    pick->addWidget(m_action, 1);
    pick->addWidget(m_environment, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_regenerate);
    buttons->addStretch(1);
    buttons->addWidget(m_send);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(pick);
    layout->addWidget(m_envelope, 1);
    layout->addLayout(buttons);
    connect(m_channel, &QComboBox::currentIndexChanged, this, [this] {
        fillActions();
        regenerate();
    });
    connect(m_action, &QComboBox::currentIndexChanged, this, &SendEventDialog::regenerate);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &SendEventDialog::regenerate);
    connect(m_regenerate, &QPushButton::clicked, this, &SendEventDialog::regenerate);
    connect(m_send, &QPushButton::clicked, this, &SendEventDialog::sendEnvelope);
    return box;
}

QWidget* SendEventDialog::buildBurst()
{
    auto* box = new QGroupBox(tr("A burst of fresh webhooks"), this);
    m_count = new QSpinBox(box);
    m_count->setObjectName(QStringLiteral("burstCountSpinBox"));
    m_count->setRange(1, 1000000);
    m_count->setValue(10);
    m_rate = new QDoubleSpinBox(box);
    m_rate->setObjectName(QStringLiteral("burstRateSpinBox"));
    m_rate->setRange(0, 10000);
    m_rate->setDecimals(1);
    m_rate->setValue(5);
    m_rate->setSuffix(tr(" per second"));
    m_rate->setSpecialValueText(tr("one after another"));
    m_burstChannels = new QListWidget(box);
    m_burstChannels->setObjectName(QStringLiteral("burstChannelList"));
    m_burstChannels->setToolTip(tr("Every action of each channel ticked, in turn"));
    for (const Catalog::Channel& channel : Catalog::builtIn().channels()) {
        auto* item = new QListWidgetItem(channel.channel, m_burstChannels);
        item->setData(ChannelRole, channel.channel);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(channel.channel == QLatin1String("invoices") ? Qt::Checked : Qt::Unchecked);
    }
    m_sendBurst = new QPushButton(tr("Send burst"), box);
    m_sendBurst->setObjectName(QStringLiteral("sendBurstButton"));
    auto* form = new QFormLayout;
    form->addRow(tr("Webhooks:"), m_count);
    form->addRow(tr("Rate:"), m_rate);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Channels:"), box));
    layout->addWidget(m_burstChannels, 1);
    layout->addWidget(m_sendBurst, 0, Qt::AlignRight);
    connect(m_sendBurst, &QPushButton::clicked, this, &SendEventDialog::sendBurst);
    return box;
}

void SendEventDialog::fillActions()
{
    const QSignalBlocker block(m_action);
    const QString current = m_action->currentData().toString();
    m_action->clear();
    for (const QString& action : Catalog::builtIn().actions(m_channel->currentData().toString())) {
        m_action->addItem(action, action);
    }
    const int keep = m_action->findData(current);
    m_action->setCurrentIndex(keep < 0 ? 0 : keep);
}

void SendEventDialog::setTarget(const QString& url)
{
    m_target->setText(url);
}

QString SendEventDialog::target() const
{
    return m_target->text();
}

void SendEventDialog::setChannelEvent(const QString& channel, const QString& action, const QString& environment)
{
    {
        const QSignalBlocker blockChannel(m_channel);
        const QSignalBlocker blockEnvironment(m_environment);
        m_channel->setCurrentIndex(std::max(0, m_channel->findData(channel)));
        if (!environment.isEmpty()) {
            m_environment->setCurrentIndex(std::max(0, m_environment->findData(environment)));
        }
        fillActions();
        const QSignalBlocker blockAction(m_action);
        m_action->setCurrentIndex(std::max(0, m_action->findData(action)));
    }
    regenerate();
}

QString SendEventDialog::envelope() const
{
    return m_envelope->toPlainText();
}

void SendEventDialog::setEnvelope(const QString& body)
{
    m_envelope->setPlainText(body);
}

void SendEventDialog::regenerate()
{
    const int channel = m_factory->channelIndex(m_channel->currentData().toString());
    if (channel < 0) {
        return;
    }
    const QByteArray key = m_factory->uuid();
    // The bytes as the provider sends them (compact, its key order): what is sent is what is shown.
    m_envelope->setPlainText(QString::fromUtf8(m_factory->webhook(channel, m_action->currentData().toString(),
        m_environment->currentData().toString().toUtf8(), key, QDateTime::currentMSecsSinceEpoch())));
}

void SendEventDialog::setRetries(int copies, int delayMs)
{
    m_copies->setValue(copies);
    m_retryDelay->setValue(delayMs);
}

void SendEventDialog::setBurst(int count, double rate, const QStringList& channels)
{
    m_count->setValue(count);
    m_rate->setValue(rate);
    for (int row = 0; row < m_burstChannels->count(); ++row) {
        QListWidgetItem* item = m_burstChannels->item(row);
        item->setCheckState(channels.contains(item->data(ChannelRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

QString SendEventDialog::log() const
{
    return m_log->toPlainText();
}

QUrl SendEventDialog::targetUrl(QString* error) const
{
    const QUrl url(m_target->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty()) {
        *error = tr("'%1' is not an http:// or https:// URL").arg(m_target->text());
        return {};
    }
    return url;
}

void SendEventDialog::setSending(bool sending)
{
    m_sending = sending;
    m_send->setEnabled(!sending);
    m_sendBurst->setEnabled(!sending);
}

bool SendEventDialog::sendEnvelope()
{
    QString error;
    const QUrl url = targetUrl(&error);
    if (m_sending || !url.isValid()) {
        m_status->setText(error);
        return false;
    }
    const QByteArray body = m_envelope->toPlainText().toUtf8();
    // Sent as it is, valid or not: a broken webhook is a test too. Its key, when it has one, is
    // what the retries repeat (the body is the same bytes every time).
    const QString key = QJsonDocument::fromJson(body).object().value(QLatin1String("idempotency_key")).toString();
    m_failed = 0;
    m_pending = m_copies->value();
    setSending(true);
    m_status->setText(tr("Sending…"));
    sendCopy(body, key, m_copies->value());
    return true;
}

void SendEventDialog::sendCopy(const QByteArray& body, const QString& key, int copiesLeft)
{
    OutgoingRequest request;
    request.method = "POST";
    QString error;
    request.url = targetUrl(&error);
    request.body = body;
    request.idempotencyKey = key.isEmpty() ? QString() : key;
    request.headers = {{"Content-Type", "application/json"}, {"User-Agent", "Hookscope-Sender"}};
    const quint64 ticket = m_deliverer->send(request);
    const QString event = QJsonDocument::fromJson(body).object().value(QLatin1String("event")).toString();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(m_deliverer, &Deliverer::finished, this,
        [this, ticket, connection, body, key, event, copiesLeft](quint64 answered, const Delivery& delivery) {
            if (answered != ticket) {
                return;
            }
            disconnect(*connection);
            logDelivery(event, key, delivery);
            m_failed += delivery.succeeded() ? 0 : 1;
            --m_pending;
            if (copiesLeft > 1) {
                // The provider's retry: the same request again after the delay.
                QTimer::singleShot(m_retryDelay->value(), this,
                    [this, body, key, copiesLeft] { sendCopy(body, key, copiesLeft - 1); });
            } else if (m_pending == 0) {
                setSending(false);
                m_status->setText(m_failed == 0 ? tr("Every request was answered with a 2xx.")
                                                : tr("%n request(s) got no 2xx.", nullptr, m_failed));
                emit finished(m_failed);
            }
        });
}

void SendEventDialog::logDelivery(const QString& event, const QString& key, const Delivery& delivery)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2  %3")
            .arg(event.isEmpty() ? tr("(no event)") : event, key.isEmpty() ? tr("(no key)") : key, delivery.outcome()));
}

TestEventSender::Plan SendEventDialog::burstPlan() const
{
    TestEventSender::Plan plan;
    QString error;
    plan.target = targetUrl(&error);
    for (int row = 0; row < m_burstChannels->count(); ++row) {
        const QListWidgetItem* item = m_burstChannels->item(row);
        if (item->checkState() != Qt::Checked) {
            continue;
        }
        const QString channel = item->data(ChannelRole).toString();
        for (const QString& action : Catalog::builtIn().actions(channel)) {
            plan.events.append({channel, action});
        }
    }
    plan.environment = m_environment->currentData().toString().toUtf8();
    plan.count = m_count->value();
    plan.rate = m_rate->value();
    plan.copies = m_copies->value();
    plan.retryDelayMs = m_retryDelay->value();
    return plan;
}

QString SendEventDialog::burstProblem() const
{
    QString error;
    if (!targetUrl(&error).isValid()) {
        return error;
    }
    return TestEventSender::check(burstPlan());
}

bool SendEventDialog::sendBurst()
{
    const QString problem = burstProblem();
    if (m_sending || !problem.isEmpty()) {
        m_status->setText(problem);
        return false;
    }
    delete m_burst;
    m_burst = new TestEventSender(burstPlan(), this);
    connect(m_burst, &TestEventSender::sent, this, &SendEventDialog::logDelivery);
    connect(m_burst, &TestEventSender::finished, this, [this](int failed) {
        setSending(false);
        m_status->setText(failed == 0 ? tr("Every request was answered with a 2xx.")
                                      : tr("%n request(s) got no 2xx.", nullptr, failed));
        emit finished(failed);
    });
    setSending(true);
    m_status->setText(tr("Sending %n webhook(s)…", nullptr, m_count->value()));
    m_burst->start();
    return true;
}
