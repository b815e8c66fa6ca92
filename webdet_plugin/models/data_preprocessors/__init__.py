from .web_data_preprocessor import WebDetDataPreprocessor, batch_textmap_index, gather_textmap

__all__ = ['WebDetDataPreprocessor', 'batch_textmap_index', 'gather_textmap']
