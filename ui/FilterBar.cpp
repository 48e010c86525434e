#include "FilterBar.h"

#include "Catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QTimer>
#include <QToolButton>

namespace {

// The item data of "any" entries: an invalid QVariant, so that "" can mean "absent".
void addAny(QComboBox* box, const QString& text)
{
    box->addItem(text, QVariant());
}

QStringList selected(const QComboBox* box)
{
    const QVariant value = box->currentData();
    return value.isValid() ? QStringList {value.toString()} : QStringList();
}

void select(QComboBox* box, const QStringList& values)
{
    const int index = values.size() == 1 ? box->findData(values.constFirst()) : 0;
    box->setCurrentIndex(index < 0 ? 0 : index);
}

} // namespace

FilterBar::FilterBar(QWidget* parent)
    : QWidget(parent)
    , m_channel(new QComboBox(this))
    , m_action(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_duplicatesOnly(new QCheckBox(tr("Duplicates only"), this))
    , m_problemsOnly(new QCheckBox(tr("With problems only"), this))
    , m_typing(new QTimer(this))
{
    m_channel->setObjectName(QStringLiteral("channelComboBox"));
    m_action->setObjectName(QStringLiteral("actionComboBox"));
    m_environment->setObjectName(QStringLiteral("environmentComboBox"));
    m_text->setObjectName(QStringLiteral("searchLineEdit"));
    m_duplicatesOnly->setObjectName(QStringLiteral("duplicatesOnlyCheckBox"));
    m_problemsOnly->setObjectName(QStringLiteral("problemsOnlyCheckBox"));

    addAny(m_channel, tr("All channels"));
    for (const Catalog::Channel& channel : Catalog::builtIn().channels()) {
        m_channel->addItem(channel.name, channel.channel);
    }
    m_channel->addItem(tr("Not a provider event"), QString());
    addAny(m_action, tr("All actions"));
    for (const char* action : {"created", "updated", "deleted"}) {
        m_action->addItem(QString::fromLatin1(action), QString::fromLatin1(action));
    }
    addAny(m_environment, tr("All environments"));
    m_environment->addItem(tr("production"), QStringLiteral("production"));
    m_environment->addItem(tr("staging"), QStringLiteral("staging"));
    m_environment->addItem(tr("other"), QString(EventFilter::OtherEnvironment));
    m_text->setPlaceholderText(tr("Search bodies and headers (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);

    auto* clearButton = new QToolButton(this);
    clearButton->setObjectName(QStringLiteral("clearFilterButton"));
    clearButton->setText(tr("Clear"));
    clearButton->setToolTip(tr("Clear every filter (Ctrl+L)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_channel);
    layout->addWidget(m_action);
    layout->addWidget(m_environment);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_duplicatesOnly);
    layout->addWidget(m_problemsOnly);
    layout->addWidget(clearButton);

    m_typing->setSingleShot(true);
    m_typing->setInterval(200);
    connect(m_typing, &QTimer::timeout, this, &FilterBar::emitChanged);
    connect(m_text, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::emitChanged);
    for (QComboBox* box : {m_channel, m_action, m_environment}) {
        connect(box, &QComboBox::currentIndexChanged, this, &FilterBar::emitChanged);
    }
    connect(m_duplicatesOnly, &QCheckBox::toggled, this, &FilterBar::emitChanged);
    connect(m_problemsOnly, &QCheckBox::toggled, this, &FilterBar::emitChanged);
    connect(clearButton, &QToolButton::clicked, this, &FilterBar::clear);
}

EventFilter FilterBar::filter() const
{
    EventFilter f;
    f.channels = selected(m_channel);
    f.actions = selected(m_action);
    f.environments = selected(m_environment);
    f.text = m_text->text();
    f.duplicatesOnly = m_duplicatesOnly->isChecked();
    f.problemsOnly = m_problemsOnly->isChecked();
    return f;
}

void FilterBar::setFilter(const EventFilter& filter)
{
    m_updating = true;
    select(m_channel, filter.channels);
    select(m_action, filter.actions);
    select(m_environment, filter.environments);
    m_text->setText(filter.text);
    m_duplicatesOnly->setChecked(filter.duplicatesOnly);
    m_problemsOnly->setChecked(filter.problemsOnly);
    m_typing->stop();
    m_updating = false;
    emitChanged();
}

void FilterBar::clear()
{
    setFilter(EventFilter());
}

void FilterBar::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::emitChanged()
{
    if (!m_updating) {
        m_typing->stop();
        emit filterChanged(filter());
    }
}
