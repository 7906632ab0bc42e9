-- Revenue and order count per day and product.
SELECT
    order_date,
    product,
    COUNT(DISTINCT order_id) AS orders,
    SUM(quantity) AS units,
    CAST(SUM(quantity * unit_price) AS DECIMAL(14, 2)) AS revenue
FROM orders
GROUP BY order_date, product
ORDER BY order_date, product
