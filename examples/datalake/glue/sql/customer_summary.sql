-- Per customer: first and last order, number of orders, total spent.
SELECT
    customer_id,
    MIN(order_date) AS first_order_date,
    MAX(order_date) AS last_order_date,
    COUNT(DISTINCT order_id) AS orders,
    CAST(SUM(quantity * unit_price) AS DECIMAL(14, 2)) AS total_spent
FROM orders
GROUP BY customer_id
