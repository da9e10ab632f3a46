"""The presentation (报告与图表): what leaders and analysts see: report sections, HTML, charts, maps, workbooks."""
