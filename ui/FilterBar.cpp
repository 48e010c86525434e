#include "FilterBar.h"

#include "ChannelComboBox.h"
#include "TimeRangeButton.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

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
    , m_channel(new ChannelComboBox(this))
    , m_action(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_method(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_range(new TimeRangeButton(this))
    , m_text(new QLineEdit(this))
    , m_duplicatesOnly(new QCheckBox(tr("Duplicates only"), this))
    , m_problemsOnly(new QCheckBox(tr("With problems only"), this))
    , m_clear(new QToolButton(this))
    , m_typing(new QTimer(this))
{
    m_channel->setObjectName(QStringLiteral("channelComboBox"));
    m_action->setObjectName(QStringLiteral("actionComboBox"));
    m_environment->setObjectName(QStringLiteral("environmentComboBox"));
    m_path->setObjectName(QStringLiteral("pathLineEdit"));
    m_text->setObjectName(QStringLiteral("searchLineEdit"));
    m_duplicatesOnly->setObjectName(QStringLiteral("duplicatesOnlyCheckBox"));
    m_problemsOnly->setObjectName(QStringLiteral("problemsOnlyCheckBox"));
    m_clear->setObjectName(QStringLiteral("clearFilterButton"));

    addAny(m_action, tr("All actions"));
    for (const char* action : {"created", "updated", "deleted"}) {
        m_action->addItem(QString::fromLatin1(action), QString::fromLatin1(action));
    }
    addAny(m_environment, tr("All environments"));
    m_environment->addItem(tr("production"), QStringLiteral("production"));
    m_environment->addItem(tr("staging"), QStringLiteral("staging"));
    m_environment->addItem(tr("other"), QString(EventFilter::OtherEnvironment));
    buildMethod();
    m_path->setPlaceholderText(tr("Path contains"));
    m_path->setToolTip(tr("Part of the request path, as received (case-sensitive)"));
    m_path->setClearButtonEnabled(true);
    m_text->setPlaceholderText(tr("Search bodies and headers (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Clear every filter, the time range included (Ctrl+L)"));
    m_clear->setEnabled(false);

    // Two rows: the envelope's fields and the text, then the request's fields and the flags.
    auto* envelope = new QHBoxLayout;
    envelope->addWidget(m_channel);
    envelope->addWidget(m_action);
    envelope->addWidget(m_environment);
    envelope->addWidget(m_text, 1);
    envelope->addWidget(m_clear);
    auto* request = new QHBoxLayout;
    request->addWidget(m_method);
    request->addWidget(m_path);
    request->addWidget(m_range);
    request->addWidget(m_duplicatesOnly);
    request->addWidget(m_problemsOnly);
    request->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(envelope);
    layout->addLayout(request);

    m_typing->setSingleShot(true);
    m_typing->setInterval(200);
    connect(m_typing, &QTimer::timeout, this, &FilterBar::emitChanged);
    for (QLineEdit* edit : {m_text, m_path}) {
        connect(edit, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &FilterBar::emitChanged);
    }
    for (QComboBox* box : {static_cast<QComboBox*>(m_channel), m_action, m_environment}) {
        connect(box, &QComboBox::currentIndexChanged, this, &FilterBar::emitChanged);
    }
    connect(m_duplicatesOnly, &QCheckBox::toggled, this, &FilterBar::emitChanged);
    connect(m_problemsOnly, &QCheckBox::toggled, this, &FilterBar::emitChanged);
    connect(m_range, &TimeRangeButton::rangeChosen, this, &FilterBar::emitChanged);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);
}

void FilterBar::buildMethod()
{
    m_method->setObjectName(QStringLiteral("methodComboBox"));
    // Editable: a webhook may come with any method, so an unlisted one can be typed.
    m_method->setEditable(true);
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_method->setMinimumContentsLength(10);
    // Methods are case-sensitive: "post" is not completed into "POST".
    m_method->completer()->setCaseSensitivity(Qt::CaseSensitive);
    addAny(m_method, tr("Any method"));
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
        m_method->addItem(QString::fromLatin1(method), QString::fromLatin1(method));
    }
    m_method->setEditText(QString());
    m_method->lineEdit()->setPlaceholderText(tr("Any method"));
    m_method->setToolTip(tr("The request method, exactly as sent (case-sensitive); type any other"));
    connect(m_method, &QComboBox::activated, this, [this](int index) {
        if (index == 0) {
            m_method->setEditText(QString()); // the placeholder says "Any method"
        }
        emitChanged();
    });
    connect(m_method, &QComboBox::editTextChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_method->lineEdit(), &QLineEdit::returnPressed, this, &FilterBar::emitChanged);
}

QString FilterBar::method() const
{
    const QString text = m_method->currentText().trimmed();
    return text == m_method->itemText(0) ? QString() : text;
}

void FilterBar::setMethod(const QString& method)
{
    const int index = method.isEmpty() ? 0 : m_method->findData(method);
    m_method->setCurrentIndex(std::max(index, 0));
    m_method->setEditText(method);
}

EventFilter FilterBar::filter() const
{
    EventFilter f;
    f.channels = m_channel->selected();
    f.actions = selected(m_action);
    f.environments = selected(m_environment);
    f.text = m_text->text();
    f.duplicatesOnly = m_duplicatesOnly->isChecked();
    f.problemsOnly = m_problemsOnly->isChecked();
    f.method = method();
    f.pathContains = m_path->text();
    f.since = m_range->since();
    f.until = m_range->until();
    return f;
}

void FilterBar::setFilter(const EventFilter& filter)
{
    m_updating = true;
    m_channel->select(filter.channels);
    select(m_action, filter.actions);
    select(m_environment, filter.environments);
    m_text->setText(filter.text);
    m_duplicatesOnly->setChecked(filter.duplicatesOnly);
    m_problemsOnly->setChecked(filter.problemsOnly);
    setMethod(filter.method);
    m_path->setText(filter.pathContains);
    m_range->setRange(filter.since, filter.until);
    m_typing->stop();
    m_updating = false;
    emitFilter();
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

void FilterBar::setTimeRange(qint64 since, qint64 until)
{
    m_range->setRange(since, until);
    emitChanged();
}

void FilterBar::setChannelCounts(const QHash<QString, qint64>& counts)
{
    m_channel->setCounts(counts);
}

void FilterBar::emitChanged()
{
    if (m_updating) {
        return;
    }
    m_typing->stop();
    // An editable combo and a text box can each report one change twice (index and text).
    if (filter() != m_emitted) {
        emitFilter();
    }
}

void FilterBar::emitFilter()
{
    m_emitted = filter();
    m_clear->setEnabled(!m_emitted.isEmpty());
    emit filterChanged(m_emitted);
}
