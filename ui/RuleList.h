#pragma once

#include <QListWidget>
#include <QSignalBlocker>

#include <functional>

/**
 * The list half of the rule editors (scripted answers, signature checks): the rules being edited,
 * which one is selected (-1: none), and the QListWidget that names them. After every change of
 * the list or the selection it calls the dialog back to show the selected rule's fields.
 *
 * Rule needs a QByteArray pathPrefix: empty for every path.
 */
template<typename Rule> class RuleList
{
public:
    using Title = std::function<QString(const Rule&)>;

    RuleList(QListWidget* list, Title title, std::function<void()> showCurrent)
        : m_list(list)
        , m_title(std::move(title))
        , m_showCurrent(std::move(showCurrent))
    {
    }

    const QList<Rule>& rules() const { return m_rules; }
    /// Every rule, to change in place (a secret cleared); the list's titles stay as they were.
    QList<Rule>& rules() { return m_rules; }
    int current() const { return m_current; }
    bool hasCurrent() const { return m_current >= 0; }
    bool canMoveUp() const { return m_current > 0; }
    bool canMoveDown() const { return hasCurrent() && m_current + 1 < m_rules.size(); }
    /// The selected rule; only while hasCurrent().
    Rule& currentRule() { return m_rules[m_current]; }

    /// Replaces the rules and selects the first.
    void set(const QList<Rule>& rules)
    {
        m_rules = rules;
        m_current = rules.isEmpty() ? -1 : 0;
        refresh();
    }

    void select(int row)
    {
        m_current = row >= 0 && row < m_rules.size() ? row : -1;
        {
            const QSignalBlocker block(m_list);
            m_list->setCurrentRow(m_current);
        }
        m_showCurrent();
    }

    /// Adds @p rule first and selects it: for every path when it is the only one, else for a path.
    /// A rule for one path goes before the catch-all ones, or they would answer first.
    void addFirst(Rule rule)
    {
        if (!m_rules.isEmpty()) {
            rule.pathPrefix = QByteArrayLiteral("/");
        }
        m_rules.prepend(rule);
        m_current = 0;
        refresh();
    }

    void removeCurrent()
    {
        if (m_current < 0) {
            return;
        }
        m_rules.removeAt(m_current);
        m_current = std::min<int>(m_current, int(m_rules.size()) - 1);
        refresh();
    }

    /// Moves the selected rule @p by places (the order is the order rules are tried in).
    void moveCurrent(int by)
    {
        const int to = m_current + by;
        if (m_current < 0 || to < 0 || to >= m_rules.size()) {
            return;
        }
        m_rules.swapItemsAt(m_current, to);
        m_current = to;
        refresh();
    }

    /// Names the selected rule again in the list, after its fields changed.
    void retitleCurrent()
    {
        if (m_current >= 0) {
            m_list->item(m_current)->setText(m_title(m_rules.at(m_current)));
        }
    }

private:
    void refresh()
    {
        {
            const QSignalBlocker block(m_list);
            m_list->clear();
            for (const Rule& rule : std::as_const(m_rules)) {
                m_list->addItem(m_title(rule));
            }
            m_list->setCurrentRow(m_current);
        }
        m_showCurrent();
    }

    QListWidget* m_list;
    Title m_title;
    std::function<void()> m_showCurrent;
    QList<Rule> m_rules;
    int m_current = -1;
};
